// Types for scripts/start-preflight.mjs, which stays plain JavaScript so `npm start` needs no
// TypeScript runner; test/unit/start-preflight.test.ts imports it through these.
export declare const MINIMUM_NODE_VERSION: string

export type PreflightOutcome = { ok: true; electronPath: string } | { ok: false; message: string }
export type BinaryLookup = { found: true; path: string } | { found: false; expected: string }

export declare function isNodeVersionAtLeast(running: string, minimum: string): boolean
export declare function isDownloadSkipped(env: Record<string, string | undefined>): boolean
export declare function locateElectronBinary(
  electronDir: string,
  env: Record<string, string | undefined>
): BinaryLookup
export declare function preflight(inputs: {
  nodeVersion: string
  env: Record<string, string | undefined>
  electronDir: string | undefined
  fetchElectron: (electronDir: string) => Promise<boolean>
}): Promise<PreflightOutcome>
