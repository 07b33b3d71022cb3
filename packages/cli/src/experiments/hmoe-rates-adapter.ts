/**
 * `moe experiment hmoe-rates`: the engine's HMOE-RATES protocol (runRatesExperiment) as a
 * report: its table as the summary, its fits and rows as CSV, a plot of mean loss against n.
 */
import { formatRatesTable, RATES_DEFAULT, RATES_QUICK, runRatesExperiment } from '@moe-studio/engine';
import type { Experiment } from './experiment.js';
import { commandLine } from './report/markdown.js';
import { Plot, svgPlot } from './report/svg-plot.js';

export const hmoeRates: Experiment = {
    name: 'hmoe-rates',
    summary: 'estimation error of SS, SL and LL hierarchical MoE fits against sample size (EM)',
    run: async options => {
        const config = { ...(options.quick ? RATES_QUICK : RATES_DEFAULT) };
        if (options.replicates !== undefined) config.replicates = options.replicates;
        // The protocol runs synchronously on this thread; it is not split into pool tasks.
        const result = runRatesExperiment(config, (fit, done, total) => options.onProgress(done, total, `${fit.gates} ${fit.case} n=${fit.n}`));
        const loss = result.rows.flatMap(row => row.meanLoss.map((meanLoss, i) => ({ gates: row.gates, case: row.case, n: config.sizes[i]!, meanLoss })));
        const command = commandLine('hmoe-rates', { quick: options.quick, seed: options.seed, replicates: options.replicates, defaultSeed: options.seed });
        return {
            markdown: `# HMoE rates\n\nCommand: \`${command}\`\n\n\`\`\`\n${formatRatesTable(result)}\n\`\`\`\n`,
            tables: {
                fits: result.fits.map(f => ({ ...f })),
                slopes: result.rows.map(r => ({ gates: r.gates, case: r.case, slope: r.slope, lower: r.slopeInterval.lower, upper: r.slopeInterval.upper })),
                'mean-loss': loss
            },
            plots: {
                'mean-loss': svgPlot({
                    x: { type: 'log', label: 'n' }, y: { type: 'log', label: 'mean Voronoi loss' },
                    color: { legend: true },
                    marks: [Plot.line(loss, { x: 'n', y: 'meanLoss', stroke: (d: { gates: string; case: string }) => `${d.gates} ${d.case}` }),
                        Plot.dot(loss, { x: 'n', y: 'meanLoss', stroke: (d: { gates: string; case: string }) => `${d.gates} ${d.case}` })]
                })
            },
            data: result,
            stopped: false
        };
    }
};
