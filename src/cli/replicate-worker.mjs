// The replication workers' entry: worker threads cannot load .ts files even under tsx, so register
// tsx here first (as run-worker.mjs does), then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./replicate-worker.ts");
