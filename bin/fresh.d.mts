/** Types of bin/fresh.mjs (for test/cli/bundle.test.ts). */
export function newestMtimeMs(dir: string): number;
export function bundleIsFresh(root: string): boolean;
