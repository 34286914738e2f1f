/** Runs the real `batchsim` command in a temporary folder. */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The bin shim, absolute. */
export const BIN = fileURLToPath(new URL("../../bin/batchsim.mjs", import.meta.url));

/**
 * A stand-in for the built viewer page (web/dist/index.html): the CLI tests do not depend on the
 * viewer's build; test/e2e opens the real one.
 */
export const VIEWER_STUB = fileURLToPath(new URL("./fixtures/viewer-stub.html", import.meta.url));

/** The environment the CLI runs with in these tests: the viewer stand-in instead of the build. */
export const ENV: NodeJS.ProcessEnv = { ...process.env, BATCHSIM_VIEWER_PAGE: VIEWER_STUB };

/** Runs `node bin/batchsim.mjs …args` with `cwd`; output as text. */
export function batchsim(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
  return batchsimWithEnv(cwd, ENV, ...args);
}

/** Runs `node bin/batchsim.mjs …args` with `cwd` and the environment `env`. */
export function batchsimWithEnv(
  cwd: string,
  env: NodeJS.ProcessEnv,
  ...args: string[]
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** A fresh temporary folder; remove it with `cleanUp`. */
export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), "batchsim-cli-"));
}

/** Removes a temporary folder. */
export function cleanUp(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/** A small valid scenario: 30 jobs of 2 vCPU, 5–15 minutes each, on a managed EC2 CE. */
export const SMALL_SCENARIO = `name: small
seed: 7
computeEnvironments:
  - computeEnvironmentName: ondemand
    type: MANAGED
    computeResources:
      type: EC2
      allocationStrategy: BEST_FIT_PROGRESSIVE
      minvCpus: 0
      maxvCpus: 16
      instanceTypes: [c6i]
jobQueues:
  - jobQueueName: main
    priority: 1
    computeEnvironmentOrder:
      - {order: 1, computeEnvironment: ondemand}
jobDefinitions:
  - jobDefinitionName: worker
    type: container
    containerProperties:
      resourceRequirements:
        - {type: VCPU, value: "2"}
        - {type: MEMORY, value: "4096"}
    sim:
      runtime: {distribution: uniform, min: 5m, max: 15m}
      exitCodes: {"0": 0.8, "1": 0.2}
workload:
  - name: work
    submit: {jobQueue: main, jobDefinition: worker}
    arrivals: {process: poisson, ratePerHour: 60, count: 30}
`;

/** Writes `text` to `name` in `folder` and returns `name`. */
export function writeScenario(folder: string, name: string, text: string): string {
  writeFileSync(join(folder, name), text);
  return name;
}

/** util-linux's setpriv, to run a command as user nobody when the tests run as root. */
const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));
const ROOT = process.getuid?.() === 0;

/**
 * Whether file permissions can be tested here: chmod does not stop root, so as root the command runs
 * as user nobody (setpriv); false only as root without setpriv.
 */
export const CAN_TEST_PERMISSIONS = !ROOT || SETPRIV !== undefined;

/**
 * Runs `batchsim …args` so that file permissions apply: as user nobody when running as root (`cwd`
 * is made reachable for nobody while it runs), else as the current user.
 */
export function batchsimUnprivileged(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
  if (!ROOT || SETPRIV === undefined) return batchsim(cwd, ...args);
  const mode = statSync(cwd).mode & 0o777;
  chmodSync(cwd, 0o755);
  try {
    return spawnSync(
      SETPRIV,
      ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, BIN, ...args],
      { cwd, env: ENV, encoding: "utf8", timeout: 60_000 },
    );
  } finally {
    chmodSync(cwd, mode);
  }
}
