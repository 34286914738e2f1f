/** batchsim's version, from package.json. */
import pkg from "../../package.json" with { type: "json" };

/** The version in package.json (written to summary.json as batchsimVersion). */
export const BATCHSIM_VERSION: string = pkg.version;
