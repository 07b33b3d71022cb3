/**
 * A HeldOutScorer on a ChainPool: each filter's held-out rows are cut into consecutive pieces,
 * enough that every thread has one, and each piece is one pool task (held-out-task.ts). Rows
 * are scored independently of one another, so the pieces put back in row order are the rows
 * scored at once, bit for bit.
 */
import { randomUUID } from 'node:crypto';
import type { HeldOutScorer } from '../pl/run-particle-learning.js';
import type { RowPredictives } from '../pl/predictive.js';
import { deserializeRunError } from '../run-error.js';
import type { ChainPool } from './chain-pool.js';
import { allSettledInOrder } from './settled.js';
import { newStopFlag, requestStop } from './stop-flag.js';

export function poolHeldOutScorer(pool: ChainPool, options: { stop?: SharedArrayBuffer } = {}): HeldOutScorer {
    return async (plan, outputs, n) => {
        const abandon = newStopFlag();
        const stops = options.stop ? [options.stop, abandon] : [abandon];
        const runId = randomUUID();
        const pieces = Math.max(1, Math.min(n, Math.ceil(pool.threads / Math.max(outputs.length, 1))));
        const cuts = Array.from({ length: pieces + 1 }, (_, p) => Math.floor((p * n) / pieces));
        const runs = outputs.map(o =>
            cuts.slice(0, -1).map((from, p) =>
                pool
                    .runHeldOut({ runId, plan, state: o.state, W: o.W, from, to: cuts[p + 1], stops })
                    .then(reply => {
                        if ('error' in reply) throw deserializeRunError(reply.error);
                        return reply.rows;
                    })
                    .catch((error: unknown) => {
                        requestStop(abandon);
                        throw error;
                    })
            )
        );
        const rows = await allSettledInOrder(runs.flat());
        return outputs.map((_, r) => joined(rows.slice(r * pieces, (r + 1) * pieces), n));
    };
}

/** Pieces of consecutive rows as one RowPredictives of n rows. */
function joined(pieces: RowPredictives[], n: number): RowPredictives {
    const out = { cdf: new Float64Array(n), logDensity: new Float64Array(n), mean: new Float64Array(n) };
    let at = 0;
    for (const piece of pieces) {
        out.cdf.set(piece.cdf, at);
        out.logDensity.set(piece.logDensity, at);
        out.mean.set(piece.mean, at);
        at += piece.cdf.length;
    }
    if (at !== n) throw new Error(`held-out pieces cover ${at} of ${n} rows`);
    return out;
}
