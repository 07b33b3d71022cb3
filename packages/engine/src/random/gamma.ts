/** What a gamma draw needs from a generator: standard normals and uniforms on (0, 1). */
export interface NormalUniformSource {
    normal(): number;
    uniform(): number;
}

/**
 * Gamma(shape, 1) by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26(3); shape < 1 by the boost G_a = G_{a+1} U^{1/a} (docs/method.md §6.9).
 * Shared by the seeded `Rng` and the particle filter's fast variates, which differ only in how
 * they make normals and uniforms.
 */
export function marsagliaTsangGamma(source: NormalUniformSource, shape: number): number {
    if (shape < 1) return marsagliaTsangGamma(source, shape + 1) * Math.pow(source.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
        let x: number;
        let v: number;
        do {
            x = source.normal();
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const u = source.uniform();
        if (u < 1 - 0.0331 * x * x * x * x) return d * v;
        if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
}
