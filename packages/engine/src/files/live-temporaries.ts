/**
 * Temporary files being written right now (write-atomic.ts), removed if the process ends before
 * they are renamed: at exit, and on SIGINT, SIGTERM or SIGHUP (Ctrl-C, a kill, a closed
 * terminal), after which the signal takes its course. The signal listeners are there only while a
 * write is in flight, so they never change what a signal does otherwise; SIGKILL cannot be caught,
 * and a file it leaves is hidden (a leading dot) and named after the process that wrote it.
 */
import { rmSync } from 'node:fs';

const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeAll(): void {
    for (const path of live) {
        try {
            rmSync(path, { force: true });
        } catch {
            /* nothing more can be done while exiting */
        }
    }
    live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
    removeAll();
    uninstall();
    // Nobody else listens: end as the signal would have without this listener.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
    process.on('exit', removeAll);
    for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
    process.off('exit', removeAll);
    for (const s of SIGNALS) process.off(s, onSignal);
}

/** `path` is being written; remove it should the process end first. */
export function trackTemporary(path: string): void {
    live.add(path);
    if (live.size === 1) install();
}

/** `path` was renamed or removed. */
export function untrackTemporary(path: string): void {
    if (!live.delete(path)) return;
    if (live.size === 0) uninstall();
}

/** Temporary files in flight (for tests). */
export function liveTemporaries(): string[] {
    return [...live];
}
