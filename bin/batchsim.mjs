#!/usr/bin/env node
// The `batchsim` command: registers tsx so the TypeScript sources run without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
