import type { Experiment } from '../experiment.js';
import { ratesReport } from './report.js';
import { RATES_FULL, RATES_QUICK, runRates } from './run.js';

export const hmoeRates: Experiment = {
    name: 'hmoe-rates',
    defaultSeed: 1,
    summary:
        'SS, SL and LL hierarchical MoE: slopes of the estimation error against n, exact- and over-specified, on one design',
    async run(options) {
        const base = options.quick ? RATES_QUICK : RATES_FULL;
        const config = { ...base, replicates: options.replicates ?? base.replicates };
        const command = `npx moe experiment hmoe-rates${options.quick ? ' --quick' : ''}${options.replicates !== undefined ? ` --replicates ${options.replicates}` : ''}${options.seed !== 1 ? ` --seed ${options.seed}` : ''}`;
        return ratesReport(await runRates(config, options), command);
    }
};
