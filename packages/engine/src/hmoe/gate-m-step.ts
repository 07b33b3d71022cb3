import type { GateLevel } from './model.js';
import { getFree, levelGradient, levelLayout, levelObjective, setFree, type GateTargets } from './gates.js';
import { solveSpd } from '../linalg/solve-spd.js';

export interface GateStepOptions {
    /** Newton / Gauss-Newton steps per M-step. */
    maxSteps: number;
    /** Stop when a step gains less than this times |Q|. */
    relativeTolerance: number;
}

export interface GateStepReport {
    steps: number;
    /** Q after minus Q before (never negative). */
    gain: number;
}

const ARMIJO = 1e-4;
const MAX_HALVINGS = 40;
/** Levenberg ridge relative to the mean curvature diagonal: keeps the step defined when a
 *  branch's weight vanishes (all its rows' g ~ 0) or the inputs are collinear. */
const RIDGE = 1e-8;

/**
 * Gate M-step of one level (docs/method.md §5.3): maximise Q(theta) = sum T log g from the current
 * parameters. Direction: Newton for softmax (Q is concave and the curvature is exact), generalised
 * Gauss-Newton for Laplace (Q is not concave in the centres); each step is backtracked until it
 * satisfies Armijo's condition Q(theta + t d) >= Q(theta) + 1e-4 t grad'd, so Q never decreases,
 * which keeps the GEM guarantee l(theta_{t+1}) >= l(theta_t). If the curvature cannot be factorised
 * the step falls back to the gradient direction.
 */
export function maximiseGateLevel(
    level: GateLevel,
    Z: Float64Array,
    n: number,
    targets: GateTargets,
    options: GateStepOptions
): GateStepReport {
    const layout = levelLayout(level);
    const m = layout.size;
    if (m === 0) return { steps: 0, gain: 0 };
    let grad: Float64Array = new Float64Array(m);
    let G: Float64Array = new Float64Array(m * m);
    let trialGrad: Float64Array = new Float64Array(m);
    let trialG: Float64Array = new Float64Array(m * m);
    let theta: Float64Array = getFree(level, layout);
    let trial: Float64Array = new Float64Array(m);
    let Q = levelGradient(level, Z, n, targets, layout, grad, G);
    const Q0 = Q;
    let steps = 0;
    for (let step = 0; step < options.maxSteps; step++) {
        let meanDiag = 0;
        for (let a = 0; a < m; a++) meanDiag += G[a * m + a];
        meanDiag = meanDiag > 0 ? meanDiag / m : 1;
        for (let a = 0; a < m; a++) G[a * m + a] += RIDGE * meanDiag;
        const solved = solveSpd(G, m, grad);
        let dir: Float64Array;
        if (solved) {
            dir = solved.x;
        } else {
            dir = new Float64Array(m);
            for (let a = 0; a < m; a++) dir[a] = grad[a] / meanDiag;
        }
        let slope = 0;
        for (let a = 0; a < m; a++) slope += grad[a] * dir[a];
        if (!(slope > 0)) break;
        // The full step is usually accepted, so it is evaluated with its gradient and curvature
        // (one pass that also serves the next step); shorter steps only with the objective.
        let t = 1;
        let accepted = false;
        let fresh = false;
        let Qnew = Q;
        for (let h = 0; h < MAX_HALVINGS; h++) {
            for (let a = 0; a < m; a++) trial[a] = theta[a] + t * dir[a];
            setFree(level, layout, trial);
            if (h === 0 && step < options.maxSteps - 1) {
                Qnew = levelGradient(level, Z, n, targets, layout, trialGrad, trialG);
                fresh = true;
            } else {
                Qnew = levelObjective(level, Z, n, targets);
                fresh = false;
            }
            if (Qnew >= Q + ARMIJO * t * slope) {
                accepted = true;
                break;
            }
            t *= 0.5;
        }
        if (!accepted) {
            setFree(level, layout, theta);
            break;
        }
        [theta, trial] = [trial, theta];
        steps++;
        const gain = Qnew - Q;
        Q = Qnew;
        if (gain <= options.relativeTolerance * Math.abs(Q) || step === options.maxSteps - 1) break;
        if (fresh) {
            [grad, trialGrad] = [trialGrad, grad];
            [G, trialG] = [trialG, G];
        } else {
            Q = levelGradient(level, Z, n, targets, layout, grad, G);
        }
    }
    return { steps, gain: Q - Q0 };
}
