/**
 * "Run with Settings…": before the run, asks for the particles, filters and seed (particle
 * learning) or the seed (EM), each box showing the value the run would use. Escape cancels.
 */
import * as vscode from 'vscode';
import type { ExecutionPlan } from '@moe-studio/engine/plan';
import type { RunOverrides } from './run-log.js';
import { integerProblem } from './run-settings-check.js';

async function askInteger(
    title: string,
    current: number,
    min: number,
    max: number,
    prompt: string
): Promise<number | undefined> {
    const text = await vscode.window.showInputBox({
        title,
        prompt,
        value: String(current),
        validateInput: value => integerProblem(value, min, max)
    });
    return text === undefined ? undefined : Number(text.trim());
}

/** The overrides the user chose, or undefined when they cancelled. */
export async function promptRunSettings(plan: ExecutionPlan, base: RunOverrides): Promise<RunOverrides | undefined> {
    const inference = plan.inference;
    const chosen: RunOverrides = { ...base };
    if (inference.algorithm === 'particle-learning') {
        const particles = await askInteger(
            `Run ${plan.model.name}: particles (1/3)`,
            base.particles ?? inference.particles,
            1,
            10_000_000,
            'Particles per filter'
        );
        if (particles === undefined) return undefined;
        const chains = await askInteger(
            `Run ${plan.model.name}: filters (2/3)`,
            base.chains ?? inference.chains,
            1,
            256,
            'Independent filters, pooled by their evidence (1 to 256)'
        );
        if (chains === undefined) return undefined;
        chosen.particles = particles;
        chosen.chains = chains;
    }
    const seed = await askInteger(
        `Run ${plan.model.name}: seed${inference.algorithm === 'particle-learning' ? ' (3/3)' : ''}`,
        base.seed ?? inference.seed,
        0,
        Number.MAX_SAFE_INTEGER,
        'The same plan and seed give the same numbers'
    );
    if (seed === undefined) return undefined;
    chosen.seed = seed;
    return chosen;
}
