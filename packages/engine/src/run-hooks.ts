import type { RunProgress } from './result/types.js';

/**
 * Callbacks a runner calls while it works. Runners are synchronous; they call `onProgress` at
 * most every `progressIntervalMs` (default 100 ms) and poll `shouldStop` at the same points,
 * throwing `CancelledError` when it returns true.
 */
export interface RunHooks {
    onProgress?: (progress: RunProgress) => void;
    shouldStop?: () => boolean;
    progressIntervalMs?: number;
    /** Keep every observation's diagnostics as well as their bins (PlDiagnostics.full). */
    fullTraces?: boolean;
}
