/**
 * The panel script: receives typed messages from the extension, keeps what it needs to redraw,
 * and draws the results or comparison page. Redraws are coalesced into animation frames and
 * live redraws bounded in rate, so a fast run cannot flood the panel.
 */
import type { RunResult } from '@moe-studio/engine';
import { isToWebviewMessage } from '../shared/messages.js';
import type {
    CompletedRun,
    FromWebviewMessage,
    PersistedPanelState,
    ResultsViewState,
    ToWebviewMessage
} from '../shared/messages.js';
import { h } from './dom.js';
import { readTheme } from './theme.js';
import type { CardContext } from './figure-card.js';
import { addProgress, emptyTrace, renderLive, renderResult } from './results-view.js';
import type { LiveTrace } from './results-view.js';
import { renderComparison } from './comparison-view.js';
import { renderSweep } from './sweep-view.js';
import type { SweepViewData } from '../shared/sweep-view.js';

interface VsCodeApi {
    postMessage(message: FromWebviewMessage): void;
    setState(state: PersistedPanelState): void;
    getState(): PersistedPanelState | undefined;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
const persisted =
    vscode.getState() ?? (JSON.parse(document.body.dataset.panelState ?? '{"kind":"results"}') as PersistedPanelState);
vscode.setState(persisted);

type View =
    | { kind: 'results'; state: ResultsViewState; live?: LiveTrace }
    | { kind: 'comparison'; runs: CompletedRun[] }
    | { kind: 'sweep'; sweep?: SweepViewData };
let view: View | undefined;

const LIVE_REDRAW_MS = 200;
let frame = 0;
let lastLiveDraw = 0;
let liveTimer: ReturnType<typeof setTimeout> | undefined;

function post(message: FromWebviewMessage): void {
    vscode.postMessage(message);
}

function scheduleDraw(): void {
    if (frame) return;
    frame = requestAnimationFrame(() => {
        frame = 0;
        draw();
    });
}

/** Progress redraws at most every LIVE_REDRAW_MS, and the last one is never dropped. */
function scheduleLiveDraw(): void {
    const wait = lastLiveDraw + LIVE_REDRAW_MS - performance.now();
    if (wait <= 0) {
        lastLiveDraw = performance.now();
        scheduleDraw();
        return;
    }
    if (liveTimer === undefined)
        liveTimer = setTimeout(() => {
            liveTimer = undefined;
            lastLiveDraw = performance.now();
            scheduleDraw();
        }, wait);
}

/** Where focus is, as the child-index path from the app root, so a rebuilt page can restore it. */
function focusPath(): number[] | undefined {
    const path: number[] = [];
    let el = document.activeElement;
    if (!el || el === document.body || !app.contains(el)) return undefined;
    while (el && el !== app) {
        const parent: Element | null = el.parentElement;
        if (!parent) return undefined;
        path.unshift(Array.prototype.indexOf.call(parent.children, el));
        el = parent;
    }
    return path;
}

function restoreFocus(path: number[] | undefined, tag: string | undefined): void {
    if (!path) return;
    let el: Element | undefined = app;
    for (const i of path) el = el?.children[i];
    if (el instanceof HTMLElement && el.tagName === tag) el.focus({ preventScroll: true });
}

/**
 * Rebuilds the page and puts the reader back where they were: the same scroll position (the
 * old height is held while the page is rebuilt, so the browser does not clamp it) and the same
 * focused control.
 */
function draw(): void {
    const scrollX = window.scrollX;
    const scrollY = window.scrollY;
    const focused = focusPath();
    const focusedTag = document.activeElement?.tagName;
    app.style.minHeight = `${app.offsetHeight}px`;
    render();
    app.style.minHeight = '';
    window.scrollTo(scrollX, scrollY);
    restoreFocus(focused, focusedTag);
}

function render(): void {
    const ctx: CardContext = { theme: readTheme(), post };
    app.replaceChildren();
    if (!view) {
        app.append(h('p', { class: 'muted' }, 'Loading results…'));
        return;
    }
    if (view.kind === 'comparison') {
        renderComparison(app, view.runs, ctx);
        return;
    }
    if (view.kind === 'sweep') {
        renderSweep(app, view.sweep, ctx);
        return;
    }
    const { state, live } = view;
    const running = state.running !== undefined;
    app.append(
        h(
            'header',
            {},
            h(
                'div',
                {},
                h('h1', {}, state.model.name),
                h(
                    'div',
                    { class: 'muted' },
                    h(
                        'button',
                        {
                            class: 'link',
                            title: 'Open the model',
                            on: { click: () => post({ type: 'revealLine', line: 1 }) }
                        },
                        state.model.shown ?? state.model.source
                    )
                )
            ),
            h(
                'div',
                { class: 'toolbar' },
                running
                    ? h(
                          'button',
                          {
                              class: 'primary',
                              data: { action: 'stop' },
                              title: 'Stop this run',
                              on: { click: () => post({ type: 'stop' }) }
                          },
                          'Stop'
                      )
                    : h(
                          'button',
                          { class: 'primary', data: { action: 'run' }, on: { click: () => post({ type: 'run' }) } },
                          state.latest ? 'Run again' : 'Run'
                      ),
                h(
                    'button',
                    {
                        on: { click: () => post({ type: 'export', format: 'json' }) },
                        attrs: state.latest ? {} : { disabled: '' }
                    },
                    'Export JSON'
                ),
                h(
                    'button',
                    {
                        on: { click: () => post({ type: 'export', format: 'csv' }) },
                        attrs: state.latest ? {} : { disabled: '' }
                    },
                    'Export CSV'
                )
            )
        )
    );
    if (state.lastProblem) {
        const { cancelled, message } = state.lastProblem;
        app.append(
            h(
                'div',
                {
                    class: `banner ${cancelled ? 'warning' : 'error'}`,
                    data: { problem: cancelled ? 'cancelled' : 'failed' }
                },
                cancelled ? '' : 'The last run failed: ',
                message,
                state.latest
                    ? ' The results below are from the last completed run.'
                    : ' No run of this model has completed yet.'
            )
        );
    }
    if (running) renderLive(app, state, live, ctx);
    if (state.latest) {
        const r: RunResult = state.latest.result;
        app.append(
            h(
                'p',
                { class: 'muted', data: { run: state.latest.info.runId } },
                `${running ? 'Last completed run: ' : ''}${state.latest.info.label} · ${r.algorithm === 'em' ? 'EM' : 'particle learning'} · ${new Date(state.latest.info.startedAt).toLocaleString()}`
            )
        );
        renderResult(app, state.latest, ctx);
    } else if (!running && !state.lastProblem) {
        app.append(
            h('p', { class: 'muted' }, 'No run yet. Press Run (or the ▷ button in the editor title) to run this model.')
        );
    }
}

function receive(message: ToWebviewMessage): void {
    switch (message.type) {
        case 'state':
            view = { kind: 'results', state: message.state };
            if (message.state.running) {
                view.live = emptyTrace(message.state.running.info.runId);
                if (message.state.running.progress) addProgress(view.live, message.state.running.progress);
            }
            vscode.setState({ kind: 'results', source: message.state.model.source });
            scheduleDraw();
            return;
        case 'comparison':
            view = { kind: 'comparison', runs: message.runs };
            vscode.setState({ kind: 'comparison', runIds: message.runs.map(r => r.info.runId) });
            scheduleDraw();
            return;
        case 'sweep':
            view = { kind: 'sweep', sweep: message.sweep };
            // The path to open again after a reload stays as the extension set it.
            vscode.setState({ ...(vscode.getState() ?? persisted), kind: 'sweep' });
            scheduleDraw();
            return;
        case 'runStarted':
            if (view?.kind !== 'results') return;
            view.state = {
                ...view.state,
                running: { info: message.info, observationsTotal: message.observationsTotal },
                lastProblem: undefined
            };
            view.live = emptyTrace(message.info.runId);
            scheduleDraw();
            return;
        case 'progress':
            if (view?.kind !== 'results' || view.live?.runId !== message.runId) return;
            addProgress(view.live, message.progress);
            scheduleLiveDraw();
            return;
        case 'runFinished':
            if (view?.kind !== 'results') return;
            view.state = { model: view.state.model, latest: message.run };
            view.live = undefined;
            scheduleDraw();
            return;
        case 'runFailed':
            if (view?.kind !== 'results') return;
            view.state = {
                model: view.state.model,
                latest: view.state.latest,
                lastProblem: { message: message.message, cancelled: message.cancelled }
            };
            view.live = undefined;
            scheduleDraw();
            return;
        case 'notice':
            app.prepend(h('div', { class: 'banner info' }, message.message));
            return;
    }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isToWebviewMessage(event.data)) receive(event.data);
});

// Redraw for the new size or theme (VS Code changes the body's class on a theme switch).
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
let lastWidth = document.body.clientWidth;
new ResizeObserver(() => {
    if (Math.abs(document.body.clientWidth - lastWidth) < 8) return;
    lastWidth = document.body.clientWidth;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(scheduleDraw, 150);
}).observe(document.body);
new MutationObserver(scheduleDraw).observe(document.body, { attributes: true, attributeFilter: ['class'] });

post({ type: 'ready' });
