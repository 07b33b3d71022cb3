/**
 * Messages between the extension host and its webview panels, shared by both sides.
 * One discriminated union per direction; the webview script and the panel classes switch on `type`.
 */
import type { RunProgress, RunResult } from '@moe-studio/engine';
import type { SweepViewData } from './sweep-view.js';

/** Where a gate input lies (after any standardisation): for plots against that input. */
export interface InputRange {
    min: number;
    max: number;
    mean: number;
}

/** What identifies one run of a model, shown in panels and in the comparison view. */
export interface RunInfo {
    runId: string;
    modelName: string;
    /** Absolute path of the `.moe` file. */
    source: string;
    algorithm: RunResult['algorithm'];
    seed: number;
    particles?: number;
    /** ISO time the run started. */
    startedAt: string;
    /** Short label for legends: model name, seed and (for comparisons) what differs. */
    label: string;
    /** Describes the data the run used; runs with the same key can be compared. */
    dataKey: string;
    /** Range of each input (without the intercept), when the plan tells it. */
    inputRanges?: InputRange[];
    /** Whether the training data's inputs and target were z-scored (plots and tables are then in those units). */
    standardized?: { inputs: boolean; target: boolean };
}

export interface CompletedRun {
    info: RunInfo;
    result: RunResult;
}

/** Everything a results panel shows; sent whole when a panel (re)connects. */
export interface ResultsViewState {
    /** `shown`: the model's path as the panel prints it (relative to the workspace folder). */
    model: { name: string; source: string; shown?: string };
    latest?: CompletedRun;
    running?: { info: RunInfo; observationsTotal: number; progress?: RunProgress };
    /** The last failed or cancelled run, shown as a banner above the last good results. */
    lastProblem?: { message: string; cancelled: boolean };
}

export type ToWebviewMessage =
    | { type: 'state'; state: ResultsViewState }
    | { type: 'runStarted'; info: RunInfo; observationsTotal: number }
    | { type: 'progress'; runId: string; progress: RunProgress }
    | { type: 'runFinished'; run: CompletedRun }
    | { type: 'runFailed'; runId: string; message: string; cancelled: boolean }
    | { type: 'comparison'; runs: CompletedRun[] }
    | { type: 'sweep'; sweep?: SweepViewData }
    | { type: 'notice'; message: string };

export type PlotFormat = 'svg' | 'png';
export type ExportFormat = 'json' | 'csv';

export type FromWebviewMessage =
    | { type: 'ready' }
    | { type: 'run' }
    | { type: 'stop' }
    | { type: 'savePlot'; plot: string; format: PlotFormat; /** SVG markup, or base64 PNG bytes. */ data: string }
    | { type: 'export'; format: ExportFormat }
    | { type: 'revealLine'; line: number };

/** Persisted by the webview (`vscode.setState`) so a panel can be revived after a window reload. */
export interface PersistedPanelState {
    kind: 'results' | 'comparison' | 'sweep';
    source?: string;
    runIds?: string[];
    /** The sweep's --json file or results folder. */ sweepPath?: string;
}

const toWebviewTypes = new Set([
    'state',
    'runStarted',
    'progress',
    'runFinished',
    'runFailed',
    'comparison',
    'sweep',
    'notice'
]);
const fromWebviewTypes = new Set(['ready', 'run', 'stop', 'savePlot', 'export', 'revealLine']);

function hasType(value: unknown): value is { type: string } {
    return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Guards for messages arriving over postMessage: anything else is ignored, not trusted. */
export function isToWebviewMessage(value: unknown): value is ToWebviewMessage {
    return hasType(value) && toWebviewTypes.has(value.type);
}

export function isFromWebviewMessage(value: unknown): value is FromWebviewMessage {
    if (!hasType(value) || !fromWebviewTypes.has(value.type)) return false;
    const m = value as Record<string, unknown>;
    switch (value.type) {
        case 'savePlot':
            return (
                typeof m.plot === 'string' && (m.format === 'svg' || m.format === 'png') && typeof m.data === 'string'
            );
        case 'export':
            return m.format === 'json' || m.format === 'csv';
        case 'revealLine':
            return typeof m.line === 'number' && Number.isInteger(m.line) && m.line >= 1;
        default:
            return true;
    }
}
