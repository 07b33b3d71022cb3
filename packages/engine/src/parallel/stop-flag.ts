/**
 * A stop request shared between threads: one Int32 in a SharedArrayBuffer, 0 = run, 1 = stop.
 * Every thread sees a store at its next read, with no message to wait for, so a filter busy on
 * a pool thread notices Ctrl-C at its next progress point.
 */

export function newStopFlag(): SharedArrayBuffer {
    return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

export function requestStop(flag: SharedArrayBuffer): void {
    Atomics.store(new Int32Array(flag), 0, 1);
}

/** A `shouldStop` that is true once any of the flags is set (views made once, read each poll). */
export function anyStopRequested(flags: SharedArrayBuffer[]): () => boolean {
    const views = flags.map(f => new Int32Array(f));
    return () => views.some(v => Atomics.load(v, 0) === 1);
}
