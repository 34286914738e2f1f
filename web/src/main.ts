/** Entry point of the built page: reads the embedded data and renders it. */
import "./styles.css";
import { renderApp } from "./app.ts";
import { readPayload } from "./payload.ts";

const root = document.getElementById("app") ?? document.body;
renderApp(root, readPayload(document));
