// The run worker's entry: worker threads cannot load .ts files even under tsx, so register tsx here
// first (as bin/batchsim.mjs does), then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./run-worker.ts");
