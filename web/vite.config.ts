/**
 * Builds the viewer into ONE self-contained web/dist/index.html (scripts and styles inlined, no
 * network), which `batchsim run` copies into every run folder with the data placeholder replaced.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { viteSingleFile } from "vite-plugin-singlefile";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  logLevel: "warn",
  plugins: [viteSingleFile()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // file:// pages load no other files: no module preload polyfill, no separate assets.
    modulePreload: false,
    reportCompressedSize: false,
  },
});
