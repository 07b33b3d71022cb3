/**
 * What makes two runs the same run, and two runs' data the same data. A run is its result: the
 * run made in this window, its auto-saved file and a JSON export of it under any name hold the
 * same result, so they hash the same and are listed once. Data is fingerprinted by the SHA-256
 * of the files the run read (`result.dataFiles`) with the row counts and columns taken from them, so
 * runs of the same data group together however they were loaded, and two data sets that merely
 * share a row count and column names do not. Generated data (no file) and results written before
 * digests were recorded fall back to what the result records of it: the training rows' means
 * and standard deviations and the held-out targets.
 */
import { createHash } from 'node:crypto';
import type { RunResult } from '@moe-studio/engine';
import type { CompletedRun } from '../shared/messages.js';
import { canonicalJson } from '@moe-studio/engine/plan';
export { canonicalJson };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function resultHash(result: RunResult): string {
    return sha256(canonicalJson(result));
}

/** A short hash of what the result records of its data (see the file comment). */
export function dataFingerprint(result: RunResult): string {
    const p = result.predictive;
    if (result.dataFiles && result.dataFiles.length > 0) {
        return sha256(
            canonicalJson({
                files: result.dataFiles.map(d => d.sha256),
                observations: result.observations,
                inputs: result.inputs,
                heldOut: p?.observations ?? null
            })
        ).slice(0, 12);
    }
    return sha256(
        canonicalJson({
            observations: result.observations,
            inputs: result.inputs,
            standardization: result.standardization ?? null,
            heldOut: p ? { observations: p.observations, targets: p.points.map(pt => [pt.index ?? null, pt.y]) } : null
        })
    ).slice(0, 12);
}

/** Each run once, by its result's hash; the first of equals is kept (put runs made here first). */
export function uniqueRuns(runs: readonly CompletedRun[]): CompletedRun[] {
    const seen = new Set<string>();
    return runs.filter(run => {
        const hash = resultHash(run.result);
        if (seen.has(hash)) return false;
        seen.add(hash);
        return true;
    });
}
