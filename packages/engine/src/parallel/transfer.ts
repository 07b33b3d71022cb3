/**
 * A task's reply marked for transfer: piscina clones a task's return value unless it is wrapped
 * by `Piscina.move`, and `move` takes one value, so the reply is wrapped as a piscina
 * Transferable that lists the buffers of all of its typed arrays.
 *
 * The wrapping must be done with the same piscina module instance as the worker runtime that
 * reads it (the mark is a module-private symbol); that is why piscina is never bundled into a
 * chain worker (see esbuild.mjs).
 */
import { Piscina } from 'piscina';
import type { ChainReply } from './messages.js';

/**
 * The distinct ArrayBuffers behind the typed arrays of `value`'s own fields. Found by looking,
 * not by a list of field names, so a typed array added to ChainOutput is moved too; distinct,
 * because postMessage rejects a transfer list that names a buffer twice (views may share one).
 */
export function ownBuffers(value: object): ArrayBuffer[] {
    const buffers = new Set<ArrayBuffer>();
    for (const field of Object.values(value)) {
        if (ArrayBuffer.isView(field) && field.buffer instanceof ArrayBuffer) buffers.add(field.buffer);
    }
    return [...buffers];
}

/** The reply as piscina's worker runtime should post it: output buffers moved, not copied. */
export function movable(reply: ChainReply): unknown {
    const o = reply.output;
    return movableWith(
        reply,
        o ? [...ownBuffers(o), ...ownBuffers(o.trace), ...(o.fullTrace ? ownBuffers(o.fullTrace) : [])] : []
    );
}

/** Any task's reply, posted with `buffers` (which it must hold) moved, not copied. */
export function movableWith(reply: unknown, buffers: ArrayBuffer[]): unknown {
    const transferable = {
        get [Piscina.transferableSymbol]() {
            return buffers;
        },
        get [Piscina.valueSymbol]() {
            return reply;
        }
    };
    // piscina types its Transferable with its own unique symbols, which it exports only as
    // `symbol`; the object has exactly the two properties the interface names.
    return Piscina.move(transferable as unknown as Parameters<typeof Piscina.move>[0]);
}
