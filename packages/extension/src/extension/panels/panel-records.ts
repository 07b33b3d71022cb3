/**
 * The model files this extension opened results panels for, kept in the workspace's storage
 * (the extension's own record, which a webview cannot write). A revived panel's persisted state
 * comes from the webview and may have been altered; its `source` is only a claim, honoured when
 * it names a model file recorded here, so a revived panel never runs a path the extension did
 * not itself show.
 */

/** The part of vscode.Memento the records use. */
export interface MementoLike {
    get<T>(key: string): T | undefined;
    update(key: string, value: unknown): PromiseLike<void>;
}

const KEY = 'moe.resultsPanelSources';
/** Enough for every panel a window may hold; the oldest records go first. */
export const MAX_RECORDED_PANELS = 200;

export class ResultsPanelRecords {
    constructor(private readonly memento: MementoLike) {}

    private sources(): string[] {
        const stored = this.memento.get<unknown>(KEY);
        return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : [];
    }

    /** Records that a results panel shows `source` (an absolute path to a .moe file). */
    async remember(source: string): Promise<void> {
        const rest = this.sources().filter(s => s !== source);
        await this.memento.update(KEY, [...rest, source].slice(-MAX_RECORDED_PANELS));
    }

    async forget(source: string): Promise<void> {
        await this.memento.update(KEY, this.sources().filter(s => s !== source));
    }

    /** The recorded model file a revived panel's state claims to show, or undefined. */
    sourceFor(claimed: unknown): string | undefined {
        if (typeof claimed !== 'string') return undefined;
        return this.sources().find(s => s === claimed && s.toLowerCase().endsWith('.moe'));
    }
}
