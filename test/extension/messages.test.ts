import { describe, expect, it } from 'vitest';
import { CancelledError, DataError, NumericalError, PlanError } from '../../packages/engine/src/errors.js';
import { isFromWebviewMessage, isToWebviewMessage } from '../../packages/extension/src/shared/messages.js';
import { serializeRunError } from '@moe-studio/engine';

describe('webview message guards', () => {
    it('accept every well-formed message from the webview', () => {
        for (const m of [
            { type: 'ready' },
            { type: 'run' },
            { type: 'savePlot', plot: 'ess', format: 'svg', data: '<svg/>' },
            { type: 'savePlot', plot: 'ess', format: 'png', data: 'iVBOR' },
            { type: 'export', format: 'json' },
            { type: 'export', format: 'csv' },
            { type: 'revealLine', line: 3 }
        ])
            expect(isFromWebviewMessage(m), JSON.stringify(m)).toBe(true);
    });

    it('reject malformed or unknown messages from the webview', () => {
        for (const m of [
            null,
            'ready',
            42,
            {},
            { type: 'delete' },
            { type: 'savePlot', plot: 'ess', format: 'gif', data: '' },
            { type: 'savePlot', plot: 'ess', format: 'svg' },
            { type: 'export', format: 'xlsx' },
            { type: 'revealLine', line: 0 },
            { type: 'revealLine', line: 1.5 },
            { type: 'revealLine', line: '2' }
        ])
            expect(isFromWebviewMessage(m), JSON.stringify(m)).toBe(false);
    });

    it('recognise the messages the extension sends, and nothing else', () => {
        for (const type of ['state', 'runStarted', 'progress', 'runFinished', 'runFailed', 'comparison', 'notice']) {
            expect(isToWebviewMessage({ type })).toBe(true);
        }
        expect(isToWebviewMessage({ type: 'ready' })).toBe(false);
        expect(isToWebviewMessage({ kind: 'state' })).toBe(false);
    });
});

describe('run errors crossing the worker boundary', () => {
    it('keep where each engine error points to', () => {
        expect(serializeRunError(new PlanError('must be >= 1', '/inference/particles'))).toMatchObject({
            kind: 'plan',
            field: '/inference/particles'
        });
        expect(serializeRunError(new DataError('text in a numeric column', '/d/x.csv', 17))).toMatchObject({
            kind: 'data',
            file: '/d/x.csv',
            line: 17
        });
        expect(serializeRunError(new NumericalError('predictive density', 41))).toMatchObject({
            kind: 'numerical',
            observation: 41,
            quantity: 'predictive density'
        });
        expect(serializeRunError(new CancelledError())).toMatchObject({ kind: 'cancelled' });
    });

    it('survive structured cloning', () => {
        const e = serializeRunError(new DataError('wrong number of fields', '/d/x.csv', 3));
        expect(structuredClone(e)).toEqual(e);
    });

    it('turn anything else into an internal error with its message', () => {
        expect(serializeRunError(new TypeError('x is undefined'))).toMatchObject({
            kind: 'internal',
            message: 'x is undefined'
        });
        expect(serializeRunError('boom')).toEqual({ kind: 'internal', message: 'boom' });
    });
});
