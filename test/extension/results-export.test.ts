import { describe, expect, it } from 'vitest';
import {
    comparisonCsv,
    dataKeyOf,
    expertsCsv,
    observationsCsv,
    predictiveCsv
} from '../../packages/extension/src/extension/results-export.js';
import { emResult, plResult } from './fixtures.js';

const rows = (csv: string) =>
    csv
        .trimEnd()
        .split('\n')
        .map(l => l.split(','));

describe('CSV export', () => {
    it('writes one row per particle-learning expert with usage, intervals and coefficients', () => {
        const [header, first, second] = rows(expertsCsv(plResult()));
        expect(header.slice(0, 5)).toEqual(['expert', 'usage', 'usage_lower90', 'usage_upper90', 'noise_variance']);
        expect(header).toContain('coef_x_upper90');
        expect(first.slice(0, 5)).toEqual(['1', '0.7', '0.6', '0.8', '0.25']);
        expect(second[header.indexOf('coef_x')]).toBe('0');
    });

    it('writes the binned diagnostics with the resamplings of each bin', () => {
        const table = rows(observationsCsv(plResult())!);
        expect(table[0]).toEqual([
            'first_observation',
            'last_observation',
            'ess_min',
            'ess_mean',
            'ess_max',
            'resamplings',
            'log_evidence_increment',
            'allocation_1',
            'allocation_2'
        ]);
        expect(table.slice(1).map(r => r[5])).toEqual(['0', '0', '1']);
        expect(table).toHaveLength(4);
    });

    it('writes EM leaves and responsibilities', () => {
        const experts = rows(expertsCsv(emResult()));
        expect(experts[0]).toEqual(['outer', 'inner', 'share', 'variance', 'coef_(intercept)', 'coef_x']);
        expect(experts[4]).toEqual(['2', '2', '0.25', '0.4', '-2', '0']);
        expect(rows(observationsCsv(emResult())!)[2]).toEqual(['2', '0.1', '0.1', '0.1', '0.7']);
    });

    it('writes held-out predictions with every interval level', () => {
        const table = rows(predictiveCsv(plResult())!);
        expect(table[0]).toEqual(['observation', 'y', 'mean', 'lower_0.5', 'upper_0.5', 'lower_0.9', 'upper_0.9']);
        expect(table[2]).toEqual(['2', '-1', '-0.7', '-1', '-0.4', '-1.5', '0.1']);
        expect(predictiveCsv(emResult())).toBeUndefined();
    });

    it('stacks several runs with a run column, quoting labels that need it', () => {
        const csv = comparisonCsv([
            { label: 'tiny, horseshoe', result: plResult() },
            { label: 'tiny normal', result: plResult() }
        ]);
        const lines = csv.trimEnd().split('\n');
        expect(lines[0].startsWith('run,expert,usage')).toBe(true);
        expect(lines).toHaveLength(5);
        expect(lines[1].startsWith('"tiny, horseshoe",1,0.7')).toBe(true);
        expect(lines[3].startsWith('tiny normal,1,0.7')).toBe(true);
    });

    it('keys runs by the data they saw', () => {
        expect(dataKeyOf(plResult())).toMatch(/^3 observations; \(intercept\), x · data [0-9a-f]{12}$/);
        expect(dataKeyOf(plResult())).not.toBe(dataKeyOf(emResult()));
    });
});
