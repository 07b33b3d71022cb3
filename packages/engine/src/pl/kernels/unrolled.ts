/**
 * Straight-line kernels for a fixed number of design columns d.
 *
 * The filter's inner loops work on d x d packed triangular factors with d around 3 to 12. For
 * such small d, V8 spends more time on loop control, bounds checks and re-reading the same
 * factor entries than on arithmetic, and it does not unroll loops whose trip count is a run-time
 * value. Each kernel here is therefore generated once per d as straight-line JavaScript (every
 * factor entry a local variable, loaded once), compiled with `new Function` and cached.
 *
 * A generated kernel performs exactly the floating-point operations of the generic loop it
 * replaces, in the same order (JavaScript never contracts a*b+c into a fused multiply-add), so
 * its results are bit-identical; test/engine/pl-kernels.test.ts checks this for every kernel.
 * Above `MAX_UNROLLED_D` the code would grow as d^3 and the generic loops are used instead.
 */
export const MAX_UNROLLED_D = 16;

const cache = new Map<string, unknown>();

/** Compile (once per name and d) a function with the given parameters and generated body. */
export function unrolledKernel<F>(name: string, d: number, params: string[], body: () => string): F {
    const key = `${name}/${d}`;
    let fn = cache.get(key);
    if (!fn) {
        // The sourceURL names the kernel in stack traces and profiles.
        fn = new Function(...params, `'use strict';\n${body()}\n//# sourceURL=moe-kernel/${key}.js`);
        cache.set(key, fn);
    }
    return fn as F;
}

/** Offset of entry (r, c), c <= r, in a packed lower-triangular matrix. */
export function packed(r: number, c: number): number {
    return ((r * (r + 1)) >> 1) + c;
}

/**
 * Straight-line rank-one update L L' + v v' of a packed lower factor whose entry (r, c) is the
 * expression `L(r, c)`, with v held in the local variables `v0..v{d-1}` (overwritten): the
 * operations of linalg/rank-one-update.ts in the same order.
 */
export function rankOneUpdateLines(d: number, L: (r: number, c: number) => string): string[] {
    const lines: string[] = [];
    for (let k = 0; k < d; k++) {
        lines.push(
            '{',
            `const lkk = ${L(k, k)};`,
            `const r = Math.sqrt(lkk * lkk + v${k} * v${k});`,
            'const c = r / lkk;',
            `const s = v${k} / lkk;`,
            'const cinv = lkk / r;',
            `${L(k, k)} = r;`
        );
        for (let i = k + 1; i < d; i++) {
            lines.push(
                `const l${i} = (${L(i, k)} + s * v${i}) * cinv;`,
                `${L(i, k)} = l${i};`,
                `v${i} = c * v${i} - s * l${i};`
            );
        }
        lines.push('}');
    }
    return lines;
}
