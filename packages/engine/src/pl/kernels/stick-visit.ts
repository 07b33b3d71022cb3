import { packed, rankOneUpdateLines, unrolledKernel, MAX_UNROLLED_D } from './unrolled.js';
import { choleskyRankOneUpdate } from '../../linalg/rank-one-update.js';

/**
 * Polya-Gamma pseudo-data of one visited stick (docs/method.md §2.3 step 9): P += omega x x',
 * r += kappa x and, when `updateFactor`, the rank-one update C C' + (sqrt(omega) x)(sqrt(omega) x)'
 * (skipped when a sweep this step refactorises C from P anyway). x = X[xOff .. xOff+d),
 * omega = omegas[j], kappa = +1/2 when the particle's allocation stopped at this stick
 * (`stopped`), else -1/2; offsets inside the stick block as in particle-layout.ts. (Numbers are
 * passed in arrays: a double argument to a call V8 does not inline is boxed.)
 */
export type StickVisitKernel = (
    state: Float64Array,
    so: number,
    X: Float64Array,
    xOff: number,
    omegas: Float64Array,
    j: number,
    stopped: boolean,
    updateFactor: boolean
) => void;

export function stickVisitKernel(d: number): StickVisitKernel {
    return d <= MAX_UNROLLED_D ? unrolledStickVisit(d) : genericStickVisit(d);
}

export function unrolledStickVisit(d: number): StickVisitKernel {
    return unrolledKernel<StickVisitKernel>(
        'stick-visit',
        d,
        ['state', 'so', 'X', 'xOff', 'omegas', 'j', 'stopped', 'updateFactor'],
        () => {
            const T = (d * (d + 1)) / 2;
            const lines: string[] = ['const omega = omegas[j];', 'const kappa = stopped ? 0.5 : -0.5;'];
            for (let r = 0; r < d; r++) lines.push(`const x${r} = X[xOff + ${r}];`);
            for (let r = 0; r < d; r++) {
                lines.push(`const ox${r} = omega * x${r};`);
                for (let c = 0; c <= r; c++) lines.push(`state[so + ${packed(r, c)}] += ox${r} * x${c};`);
                lines.push(`state[so + ${2 * T + r}] += kappa * x${r};`);
            }
            lines.push('if (!updateFactor) return;', 'const sq = Math.sqrt(omega);');
            for (let r = 0; r < d; r++) lines.push(`let v${r} = sq * x${r};`);
            lines.push(...rankOneUpdateLines(d, (r, c) => `state[so + ${T + packed(r, c)}]`));
            return lines.join('\n');
        }
    );
}

/** The same computation as loops, for any d. */
export function genericStickVisit(d: number): StickVisitKernel {
    const T = (d * (d + 1)) / 2;
    const v = new Float64Array(d);
    return (state, so, X, xOff, omegas, j, stopped, updateFactor) => {
        const omega = omegas[j];
        const kappa = stopped ? 0.5 : -0.5;
        const sq = Math.sqrt(omega);
        for (let r = 0; r < d; r++) {
            const xr = X[xOff + r];
            const pr = so + packed(r, 0);
            for (let c = 0; c <= r; c++) state[pr + c] += omega * xr * X[xOff + c];
            state[so + 2 * T + r] += kappa * xr;
            v[r] = sq * xr;
        }
        if (updateFactor) choleskyRankOneUpdate(state, so + T, d, v, 0);
    };
}
