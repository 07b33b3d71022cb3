/**
 * The report of `moe sbc`: a markdown summary (the command, the verdict, one row per quantity),
 * CSV tables of every rank and every bin, and one SVG rank histogram per quantity with the 99%
 * binomial band of a bin count under uniformity, in the report-folder form the experiments use.
 */
import type { CalibrationSummary, ReplicateOutcome } from '@moe-studio/engine/sbc';
import type { ExperimentReport } from '../experiments/experiment.js';
import { fixed, markdownTable } from '../experiments/report/markdown.js';
import { Plot, svgPlot } from '../experiments/report/svg-plot.js';

export interface SbcReportInput {
    command: string;
    model: string;
    names: string[];
    summary: CalibrationSummary;
    outcomes: ReplicateOutcome[];
    requested: number;
    stopped: boolean;
    settings: Record<string, string | number>;
}

/** "expert 1 x1" -> "expert-1-x1": a plain file stem. */
export function plotStem(quantity: string): string {
    return `ranks-${quantity
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 80)}`;
}

function histogramSvg(
    quantity: string,
    counts: readonly number[],
    band: CalibrationSummary['band'],
    pValue: number
): string {
    const bins = counts.map((count, bin) => ({ bin: bin + 1, count }));
    return svgPlot({
        caption: `Rank histogram of ${quantity}: ${counts.reduce((a, b) => a + b, 0)} replicates, chi-square p = ${pValue.toPrecision(3)}; grey band: 99% range of a bin count under uniformity`,
        x: { label: 'rank bin', tickFormat: 'd' },
        y: { label: 'replicates', grid: true },
        marks: [
            Plot.rectY([band], {
                x1: 0.5,
                x2: counts.length + 0.5,
                y1: band.low,
                y2: band.high,
                fill: '#bbb',
                fillOpacity: 0.4
            }),
            Plot.rectY(bins, { x1: d => d.bin - 0.45, x2: d => d.bin + 0.45, y: 'count', fill: '#4878a8' }),
            // The expected count of a bin, replicates / bins.
            Plot.ruleY([counts.reduce((a, b) => a + b, 0) / counts.length], { stroke: '#666', strokeDasharray: '3,3' }),
            Plot.text([quantity], { frameAnchor: 'top-left', dx: 4, dy: 4, fontWeight: 'bold' })
        ]
    });
}

export function sbcReport(input: SbcReportInput): ExperimentReport {
    const { summary, names, outcomes } = input;
    const threshold = summary.alpha / names.length;
    const rows = summary.histograms.map(h => {
        const outside = h.counts.filter(c => c < summary.band.low || c > summary.band.high).length;
        return [
            h.quantity,
            fixed(h.chiSquare, 2),
            h.pValue.toPrecision(3),
            String(outside),
            h.pValue < threshold ? '**fails**' : 'passes'
        ];
    });
    const essFractions = outcomes.map(o => o.minEssFraction).sort((a, b) => a - b);
    const verdict = summary.calibrated
        ? `No quantity fails its uniformity test at ${summary.alpha} / ${names.length} = ${threshold.toPrecision(2)} (Bonferroni over ${names.length} quantities): the ranks show no miscalibration at this number of replicates.`
        : `**${summary.failing.length} of ${names.length} quantities fail** their uniformity test at ${summary.alpha} / ${names.length} = ${threshold.toPrecision(2)}: ${summary.failing.join(', ')}. The fitted posterior is not the model's for these quantities (or the model is outside what the filter handles well at these settings).`;
    const markdown = [
        `# Simulation-based calibration of ${input.model}`,
        '',
        '```sh',
        input.command,
        '```',
        '',
        `${summary.replicates} replicates${input.stopped ? ` (stopped after ${summary.replicates} of ${input.requested})` : ''}: each draws the parameters from the model's priors, simulates a data set on the model's own design, fits it with the model's particle learning, and ranks the true value of each quantity among ${summary.draws} posterior draws (Talts, Betancourt, Simpson, Vehtari & Gelman 2018). Ranks are binned into ${summary.bins} bins; under an exact posterior each bin count is Binomial(${summary.replicates}, 1/${summary.bins}), inside [${summary.band.low}, ${summary.band.high}] with probability 0.99 each.`,
        '',
        verdict,
        '',
        markdownTable(
            ['quantity', 'chi-square', 'p-value', `bins outside the 99% band (of ${summary.bins})`, 'verdict'],
            rows
        ),
        '',
        `Smallest ESS of a fit, as a fraction of the particles: median ${fixed(essFractions[Math.floor(essFractions.length / 2)] ?? NaN, 3)}, lowest ${fixed(essFractions[0] ?? NaN, 3)}.`,
        '',
        `Settings: ${Object.entries(input.settings)
            .map(([k, v]) => `${k} = ${v}`)
            .join(', ')}.`,
        ''
    ].join('\n');
    const plots: Record<string, string> = {};
    for (const h of summary.histograms)
        plots[plotStem(h.quantity)] = histogramSvg(h.quantity, h.counts, summary.band, h.pValue);
    return {
        markdown,
        tables: {
            ranks: outcomes.flatMap(o =>
                names.map((quantity, q) => ({ replicate: o.replicate, quantity, rank: o.ranks[q]! }))
            ),
            histograms: summary.histograms.flatMap(h =>
                h.counts.map((count, bin) => ({
                    quantity: h.quantity,
                    bin: bin + 1,
                    count,
                    band_low: summary.band.low,
                    band_high: summary.band.high
                }))
            ),
            tests: summary.histograms.map(h => ({
                quantity: h.quantity,
                chi_square: h.chiSquare,
                p_value: h.pValue,
                fails: h.pValue < threshold
            }))
        },
        plots,
        data: { settings: input.settings, summary, outcomes },
        stopped: input.stopped
    };
}
