import type { Experiment } from '../experiment.js';
import { softmaxRateReport } from './report.js';
import { runSoftmaxRate, SOFTMAX_RATE_FULL, SOFTMAX_RATE_QUICK } from './run.js';

export const hmoeSoftmaxRate: Experiment = {
    name: 'hmoe-softmax-rate',
    defaultSeed: 1,
    summary:
        'exact-fitted softmax-gated Gaussian MoE: slope of the Voronoi loss D1 against n, against the published -0.64',
    async run(options) {
        const base = options.quick ? SOFTMAX_RATE_QUICK : SOFTMAX_RATE_FULL;
        const config = { ...base, replicates: options.replicates ?? base.replicates };
        const command = `npx moe experiment hmoe-softmax-rate${options.quick ? ' --quick' : ''}${options.replicates !== undefined ? ` --replicates ${options.replicates}` : ''}${options.seed !== 1 ? ` --seed ${options.seed}` : ''}`;
        return softmaxRateReport(await runSoftmaxRate(config, options), command);
    }
};
