/**
 * A revived results or sweep panel takes its file from the extension's own records, not from the
 * webview's persisted state; file names suggested for exports never carry a model name's path
 * separators, `..` or control characters.
 */
import { describe, expect, it } from 'vitest';
import {
    MAX_RECORDED_PANELS,
    ResultsPanelRecords,
    SweepPanelRecords,
    type MementoLike
} from '../../packages/extension/src/extension/panels/panel-records.js';
import { safeFileStem } from '../../packages/extension/src/extension/panels/file-names.js';

class FakeMemento implements MementoLike {
    readonly values = new Map<string, unknown>();
    get<T>(key: string): T | undefined {
        return this.values.get(key) as T | undefined;
    }
    update(key: string, value: unknown): Promise<void> {
        this.values.set(key, value);
        return Promise.resolve();
    }
}

describe('ResultsPanelRecords', () => {
    it('revives only a model file the extension itself showed', async () => {
        const records = new ResultsPanelRecords(new FakeMemento());
        await records.remember('/work/models/a.moe');
        expect(records.sourceFor('/work/models/a.moe')).toBe('/work/models/a.moe');
        for (const claimed of [
            '/work/models/b.moe',
            '/tmp/evil.moe',
            '/work/models/a.moe/../../etc/passwd',
            '/bin/sh',
            '',
            undefined,
            42,
            { source: '/work/models/a.moe' }
        ]) {
            expect(records.sourceFor(claimed), String(claimed)).toBeUndefined();
        }
    });

    it('ignores a record that is not a model file, and a store of the wrong shape', async () => {
        const memento = new FakeMemento();
        const records = new ResultsPanelRecords(memento);
        memento.values.set('moe.resultsPanelSources', ['/bin/sh', 7]);
        expect(records.sourceFor('/bin/sh')).toBeUndefined();
        memento.values.set('moe.resultsPanelSources', '/work/a.moe');
        expect(records.sourceFor('/work/a.moe')).toBeUndefined();
        await records.remember('/work/a.moe');
        expect(records.sourceFor('/work/a.moe')).toBe('/work/a.moe');
    });

    it('keeps the newest records within its bound, and forgets on request', async () => {
        const records = new ResultsPanelRecords(new FakeMemento());
        for (let i = 0; i <= MAX_RECORDED_PANELS; i++) await records.remember(`/m/${i}.moe`);
        expect(records.sourceFor('/m/0.moe')).toBeUndefined();
        expect(records.sourceFor(`/m/${MAX_RECORDED_PANELS}.moe`)).toBeDefined();
        await records.forget('/m/1.moe');
        expect(records.sourceFor('/m/1.moe')).toBeUndefined();
    });
});

describe('SweepPanelRecords', () => {
    it("revives only a sweep the extension itself opened, kept apart from the results panels' records", async () => {
        const memento = new FakeMemento();
        const sweeps = new SweepPanelRecords(memento);
        const results = new ResultsPanelRecords(memento);
        await sweeps.remember('/work/sweeps/run.json');
        await results.remember('/work/models/a.moe');
        expect(sweeps.sweepFor('/work/sweeps/run.json')).toBe('/work/sweeps/run.json');
        for (const claimed of ['/work/models/a.moe', '/etc/shadow', '/work/sweeps/run.json/..', '', undefined, 3]) {
            expect(sweeps.sweepFor(claimed), String(claimed)).toBeUndefined();
        }
        expect(results.sourceFor('/work/sweeps/run.json')).toBeUndefined();
        await sweeps.forget('/work/sweeps/run.json');
        expect(sweeps.sweepFor('/work/sweeps/run.json')).toBeUndefined();
    });
});

describe('safeFileStem', () => {
    it.each([
        ['hs_moe_synthetic', 'hs_moe_synthetic'],
        ['../../.ssh/authorized_keys', 'ssh-authorized_keys'],
        ['a/b\\c', 'a-b-c'],
        ['..', 'results'],
        ['', 'results'],
        ['name\u0000with\nbreaks', 'name-with-breaks'],
        ['C:\\Windows\\evil', 'C-Windows-evil'],
        ['.hidden', 'hidden'],
        ['x'.repeat(300), 'x'.repeat(100)]
    ])('%j becomes %j', (name, stem) => {
        expect(safeFileStem(name)).toBe(stem);
        expect(safeFileStem(name)).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
    });
});
