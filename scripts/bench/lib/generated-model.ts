/**
 * The generated 5,000-line .moe file of the language benchmarks: 1,240 commented groups of named
 * priors (a half-Cauchy scale, a horseshoe that refers to it, a normal) and one model that uses
 * the last group.
 */
/** Groups of three priors: 3,720 priors in all. */
export const GROUPS = 1240;

export function generateModel(): string {
    const lines = ['// Generated for the language benchmark: many named priors and one model.', ''];
    for (let i = 0; i < GROUPS; i++) {
        lines.push(`// Group ${i}: a global scale, a horseshoe that uses it, and a coefficient prior.`);
        lines.push(`prior scale_${i} = half_cauchy(scale = ${(1 + i / GROUPS).toFixed(3)})`);
        lines.push(
            `prior hs_${i} = horseshoe(global = scale_${i}, local = half_cauchy(scale = 1), shrink_intercept = true)`
        );
        lines.push(`prior coef_${i} = normal(mean = 0, variance = ${10 + (i % 7)})`);
    }
    const last = GROUPS - 1;
    lines.push(
        'model generated {',
        '    data all = sparse_experts(experts = 10, active = 3, n = 500, inputs = 5, seed = 1)',
        '    split all into train = 0.8, test = 0.2',
        `    experts y ~ gaussian(count = 10, coefficients = coef_${last})`,
        `    gate ~ stick_breaking(prior = hs_${last})`,
        '    fit particle_learning(particles = 1000, resampling = systematic, seed = 7) on train',
        '    predict test intervals = [0.5, 0.9]',
        '}',
        ''
    );
    while (lines.length < 5000) {
        lines.splice(lines.length - 10, 0, '');
    }
    return lines.join('\n');
}
