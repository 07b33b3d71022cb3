/** The built-in experiments of `moe experiment NAME`, by name. */
import type { Experiment } from './experiment.js';
import { hmoeRates } from './hmoe-rates/index.js';
import { hmoeSoftmaxRate } from './hmoe-softmax-rate/index.js';
import { hsMoeSparsity } from './hs-moe-sparsity.js';
import { hsMoeAblation } from './hs-moe-ablation.js';
import { hsMoeSensitivity } from './hs-moe-sensitivity.js';
import { hsMoeScaling } from './hs-moe-scaling.js';
import { hsMoeTopK } from './hs-moe-topk.js';
import { streamingShift } from './streaming-shift.js';

const EXPERIMENTS: readonly Experiment[] = [
    hsMoeSparsity,
    hsMoeAblation,
    hsMoeSensitivity,
    hsMoeScaling,
    hsMoeTopK,
    streamingShift,
    hmoeSoftmaxRate,
    hmoeRates
];

export const experiments: ReadonlyMap<string, Experiment> = new Map(EXPERIMENTS.map(e => [e.name, e]));

export function findExperiment(name: string): Experiment | undefined {
    return experiments.get(name);
}
