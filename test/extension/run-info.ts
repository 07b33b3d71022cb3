/** RunInfo for results made in tests (the extension builds it from the plan it ran). */
import type { RunResult } from '@moe-studio/engine';
import type { RunInfo } from '../../packages/extension/src/shared/messages.js';
import { dataKeyOf } from '../../packages/extension/src/extension/results-export.js';

export function infoForTest(result: RunResult, label: string): RunInfo {
    return {
        runId: `test-${label}`,
        modelName: result.model.name,
        source: result.model.source,
        algorithm: result.algorithm,
        seed: result.seed,
        particles: result.algorithm === 'particle-learning' ? result.particles : undefined,
        startedAt: new Date(0).toISOString(),
        label,
        dataKey: dataKeyOf(result)
    };
}
