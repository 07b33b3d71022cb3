import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../packages/cli/src/commands/run/progress-line.js';

function fakeStream(): { stream: NodeJS.WriteStream; text: () => string } {
    let written = '';
    const stream = {
        columns: 120,
        write: (s: string) => {
            written += s;
            return true;
        }
    } as unknown as NodeJS.WriteStream;
    return { stream, text: () => written };
}

describe('progress line phases', () => {
    it('says what the run does before it has observations to count, and after the fit', () => {
        const { stream, text } = fakeStream();
        const line = new ProgressLine(stream);
        line.status('compiling model.moe');
        expect(text()).toContain('compiling model.moe');
        line.update({ phase: 'loading', observationsDone: 0, observationsTotal: 0, elapsedSeconds: 0.05 });
        expect(text()).toContain('loading the plan and data');
        line.update({ phase: 'summarising', observationsDone: 200, observationsTotal: 200, elapsedSeconds: 3 });
        expect(text()).toMatch(/100%.*200\/200 obs \| summaries and held-out predictive/);
    });

    it('clears a line the launcher drew even before drawing one itself', () => {
        const { stream, text } = fakeStream();
        new ProgressLine(stream, true).clear();
        expect(text()).toBe('\r\x1b[K');
        const { stream: quiet, text: none } = fakeStream();
        new ProgressLine(quiet).clear();
        expect(none()).toBe('');
    });
});
