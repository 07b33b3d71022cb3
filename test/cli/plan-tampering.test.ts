/**
 * Tampered plans through the built `moe run PLAN.json`, one subprocess each: wrong versions,
 * missing fields, wrong types, NaN and Infinity as strings, huge sizes, negative counts, paths
 * outside the folder, extra fields, deep nesting, unknown enum values, inconsistent dimensions.
 * Each must exit 1 (an invalid plan; 2 is for usage errors, the command line itself) with one
 * message that names the plan file and the field, and never a stack trace or an internal error.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clone, csvPlan, sparseExpertsPlan } from '../engine/plan/plans.js';
import { moeBin, regressionCsv, repoRoot, TempDir } from './helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());
const csv = tmp.file('data.csv', regressionCsv(40));

type Json = Record<string, any>;
interface Case {
    name: string;
    field: string | RegExp;
    plan: () => unknown;
    code?: number;
}

const synthetic = () => clone(sparseExpertsPlan({ n: 30, nTest: 10, particles: 10 })) as unknown as Json;
const fromCsv = () => clone(csvPlan(csv, { train: [0, 30], test: [30, 40] })) as unknown as Json;
const edit = (base: () => Json, change: (p: Json) => void) => () => {
    const p = base();
    change(p);
    return p;
};
const nest = (depth: number) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = { a: v };
    return v;
};

const cases: Case[] = [
    {
        name: 'a future plan version',
        field: '/planVersion',
        plan: edit(synthetic, p => {
            p.planVersion = 99;
        })
    },
    {
        name: 'no plan version',
        field: 'planVersion',
        plan: edit(synthetic, p => {
            delete p.planVersion;
        })
    },
    {
        name: 'the version as a string',
        field: '/planVersion',
        plan: edit(synthetic, p => {
            p.planVersion = '2';
        })
    },
    {
        name: 'no model',
        field: 'model',
        plan: edit(synthetic, p => {
            delete p.model;
        })
    },
    {
        name: 'no data',
        field: 'data',
        plan: edit(synthetic, p => {
            delete p.data;
        })
    },
    {
        name: 'no training stream',
        field: 'train',
        plan: edit(synthetic, p => {
            delete p.data.train;
        })
    },
    {
        name: 'no experts',
        field: 'experts',
        plan: edit(synthetic, p => {
            delete p.experts;
        })
    },
    {
        name: 'no inference',
        field: 'inference',
        plan: edit(synthetic, p => {
            delete p.inference;
        })
    },
    {
        name: 'particles as a string',
        field: '/inference/particles',
        plan: edit(synthetic, p => {
            p.inference.particles = '100';
        })
    },
    {
        name: 'particles "NaN"',
        field: '/inference/particles',
        plan: edit(synthetic, p => {
            p.inference.particles = 'NaN';
        })
    },
    {
        name: 'particles "Infinity"',
        field: '/inference/particles',
        plan: edit(synthetic, p => {
            p.inference.particles = 'Infinity';
        })
    },
    {
        name: 'a trillion particles',
        field: '/inference/particles',
        plan: edit(synthetic, p => {
            p.inference.particles = 1e12;
        })
    },
    {
        name: 'negative particles',
        field: '/inference/particles',
        plan: edit(synthetic, p => {
            p.inference.particles = -5;
        })
    },
    {
        name: 'fractional particles',
        field: '/inference/particles',
        plan: edit(synthetic, p => {
            p.inference.particles = 10.5;
        })
    },
    {
        name: 'negative chains',
        field: '/inference/chains',
        plan: edit(synthetic, p => {
            p.inference.chains = -1;
        })
    },
    {
        name: 'a billion chains',
        field: '/inference/chains',
        plan: edit(synthetic, p => {
            p.inference.chains = 1e9;
        })
    },
    {
        name: 'a negative seed',
        field: '/inference/seed',
        plan: edit(synthetic, p => {
            p.inference.seed = -1;
        })
    },
    {
        name: 'a seed of 1e300',
        field: '/inference/seed',
        plan: edit(synthetic, p => {
            p.inference.seed = 1e300;
        })
    },
    {
        name: 'essThreshold "NaN"',
        field: '/inference/essThreshold',
        plan: edit(synthetic, p => {
            p.inference.essThreshold = 'NaN';
        })
    },
    {
        name: 'essThreshold above 1',
        field: '/inference/essThreshold',
        plan: edit(synthetic, p => {
            p.inference.essThreshold = 2;
        })
    },
    {
        name: 'an unknown resampling scheme',
        field: '/inference/resampling',
        plan: edit(synthetic, p => {
            p.inference.resampling = 'bogus';
        })
    },
    {
        name: 'an unknown algorithm',
        field: '/inference',
        plan: edit(synthetic, p => {
            p.inference.algorithm = 'mcmc';
        })
    },
    {
        name: 'an unknown expert family',
        field: '/experts',
        plan: edit(synthetic, p => {
            p.experts.family = 'poisson';
        })
    },
    {
        name: 'no experts at all',
        field: '/experts/count',
        plan: edit(synthetic, p => {
            p.experts.count = 0;
        })
    },
    {
        name: 'ten million experts',
        field: '/experts/count',
        plan: edit(synthetic, p => {
            p.experts.count = 1e7;
        })
    },
    {
        name: 'experts of the wrong dimension',
        field: '/experts/dimension',
        plan: edit(synthetic, p => {
            p.experts.dimension = 3;
            p.experts.prior.mean = [0, 0, 0];
        })
    },
    {
        name: 'a prior mean of the wrong length',
        field: '/experts/prior/mean',
        plan: edit(synthetic, p => {
            p.experts.prior.mean = [0, 0];
        })
    },
    {
        name: 'a negative prior scale',
        field: '/experts/prior/scale',
        plan: edit(synthetic, p => {
            p.experts.prior.scale = -1;
        })
    },
    {
        name: 'a prior shape "Infinity"',
        field: '/experts/prior/shape',
        plan: edit(synthetic, p => {
            p.experts.prior.shape = 'Infinity';
        })
    },
    {
        name: 'an unknown gate type',
        field: '/gate',
        plan: edit(synthetic, p => {
            p.gate.type = 'softmax-ish';
        })
    },
    {
        name: 'an unknown gate prior',
        field: '/gate/prior',
        plan: edit(synthetic, p => {
            p.gate.prior.kind = 'laplace';
        })
    },
    {
        name: 'an extra top-level field',
        field: 'evil',
        plan: edit(synthetic, p => {
            p.evil = 1;
        })
    },
    {
        name: 'an extra inference field',
        field: 'turbo',
        plan: edit(synthetic, p => {
            p.inference.turbo = true;
        })
    },
    {
        name: 'an unknown source kind',
        field: '/data/train/source',
        plan: edit(synthetic, p => {
            p.data.train.source.kind = 'http';
        })
    },
    {
        name: 'a trillion generated rows',
        field: '/data/train',
        plan: edit(synthetic, p => {
            p.data.train.source.n = 1e12;
        })
    },
    {
        name: 'negative generated rows',
        field: '/data/train/source/n',
        plan: edit(synthetic, p => {
            p.data.train.source.n = -10;
        })
    },
    {
        name: 'a data file outside the folder',
        field: '/data/train/source/path',
        plan: edit(fromCsv, p => {
            p.data.train.source.path = '/etc/passwd';
        })
    },
    {
        name: 'a data path climbing out',
        field: '/data/train/source/path',
        plan: edit(fromCsv, p => {
            p.data.train.source.path = '../../../../../../etc/passwd';
        })
    },
    {
        name: 'rows that end before they start',
        field: '/data/train/rows',
        plan: edit(fromCsv, p => {
            p.data.train.rows = { start: 20, end: 5 };
        })
    },
    {
        name: 'negative rows',
        field: '/data/train/rows/start',
        plan: edit(fromCsv, p => {
            p.data.train.rows.start = -3;
        })
    },
    {
        name: 'an input the target also is',
        field: '/data/train/source',
        plan: edit(fromCsv, p => {
            p.data.train.source.inputs = ['x1', 'y'];
        })
    },
    {
        name: 'an interval level above 1',
        field: '/predictive/intervals',
        plan: edit(synthetic, p => {
            p.predictive.intervals = [1.5];
        })
    },
    {
        name: 'intervals as a string',
        field: '/predictive/intervals',
        plan: edit(synthetic, p => {
            p.predictive.intervals = 'all';
        })
    },
    {
        name: 'an unknown rejuvenation schedule',
        field: '/inference/rejuvenateSchedule',
        plan: edit(synthetic, p => {
            p.inference.rejuvenateSchedule = 'weekly';
        })
    },
    {
        name: 'a sweep every 0 steps',
        field: '/inference/sweepEvery',
        plan: edit(synthetic, p => {
            p.inference.sweepEvery = 0;
        })
    },
    {
        name: 'a model name of a megabyte',
        field: '/model/name',
        plan: edit(synthetic, p => {
            p.model.name = 'n'.repeat(1_000_000);
        })
    },
    {
        name: 'an extra field nested 500 deep',
        field: /nested deeper than|deep/,
        plan: edit(synthetic, p => {
            p.model.extra = nest(500);
        })
    },
    { name: 'a plan that is an array', field: /plan|object/, plan: () => [] },
    { name: 'a plan that is null', field: /plan|object/, plan: () => null }
];

/** `moe run FILE --quiet` in a child process, without blocking the others. */
function moeRun(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise(resolve => {
        const child = spawn(process.execPath, [moeBin, 'run', file, '--quiet'], { cwd: repoRoot });
        let stdout = '',
            stderr = '';
        child.stdout.on('data', c => {
            stdout += c;
        });
        child.stderr.on('data', c => {
            stderr += c;
        });
        child.on('close', code => resolve({ code, stdout, stderr }));
    });
}

describe('moe run on tampered plans', () => {
    // Written and run three at a time: forty processes one by one take minutes on a loaded machine.
    const runs = (async () => {
        const out: Array<Awaited<ReturnType<typeof moeRun>>> = [];
        for (let i = 0; i < cases.length; i += 3) {
            out.push(
                ...(await Promise.all(
                    cases.slice(i, i + 3).map((c, j) => {
                        const file = join(tmp.path, `plan-${i + j}.json`);
                        writeFileSync(file, `${JSON.stringify(c.plan(), null, 2)}\n`);
                        return moeRun(file);
                    })
                ))
            );
        }
        return out;
    })();

    it.each(cases.map((c, i) => ({ ...c, i })))(
        '$name',
        async ({ i, field, code }) => {
            const run = (await runs)[i];
            expect(run.stderr, run.stderr).not.toMatch(
                /\n\s+at |internal error|TypeError|RangeError|Invalid string length/
            );
            expect(run.code, run.stderr).toBe(code ?? 1);
            expect(run.stdout).toBe('');
            const lines = run.stderr.trimEnd().split('\n');
            expect(lines.length, run.stderr).toBeLessThanOrEqual(2);
            expect(lines[0]).toContain(`plan-${i}.json`);
            if (typeof field === 'string') expect(lines[0]).toContain(field);
            else expect(lines[0]).toMatch(field);
            // The message names the field; it does not echo what the file holds at length.
            expect(run.stderr.length).toBeLessThan(600);
        },
        300_000
    );
});
