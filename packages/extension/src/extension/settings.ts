/** The `moe.*` settings, read in one place with their types and defaults (see package.json). */
import * as vscode from 'vscode';

export interface MoeSettings {
    particles: number | null;
    seed: number | null;
    pedanticWarnings: boolean;
    resultsFolder: string;
    liveUpdateIntervalMs: number;
}

export function readSettings(scope?: vscode.Uri): MoeSettings {
    const c = vscode.workspace.getConfiguration('moe', scope);
    const positiveInt = (v: unknown, min: number): number | null =>
        typeof v === 'number' && Number.isInteger(v) && v >= min ? v : null;
    return {
        particles: positiveInt(c.get('run.particles'), 1),
        seed: positiveInt(c.get('run.seed'), 0),
        pedanticWarnings: c.get<boolean>('validation.pedanticWarnings', true),
        resultsFolder: c.get<string>('results.folder', '.moe-results').trim(),
        liveUpdateIntervalMs: Math.min(5000, Math.max(50, c.get<number>('results.liveUpdateInterval', 250)))
    };
}
