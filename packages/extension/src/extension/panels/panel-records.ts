/**
 * The files this extension opened panels for (model files of results panels, sweep files of
 * sweep panels), kept in the workspace's storage (the extension's own record, which a webview
 * cannot write). A revived panel's persisted state comes from the webview and may have been
 * altered; the path in it is only a claim, honoured when it names a file recorded here, so a
 * revived panel never runs or reads a path the extension did not itself show.
 */

/** The part of vscode.Memento the records use. */
export interface MementoLike {
    get<T>(key: string): T | undefined;
    update(key: string, value: unknown): PromiseLike<void>;
}

/** Enough for every panel a window may hold; the oldest records go first. */
export const MAX_RECORDED_PANELS = 200;

/** Paths recorded under one storage key; `accepts` says which recorded paths may be honoured. */
class PanelRecords {
    constructor(
        private readonly memento: MementoLike,
        private readonly key: string,
        private readonly accepts: (path: string) => boolean
    ) {}

    private paths(): string[] {
        const stored = this.memento.get<unknown>(this.key);
        return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : [];
    }

    /** Records that a panel shows `path` (absolute). */
    async remember(path: string): Promise<void> {
        const rest = this.paths().filter(s => s !== path);
        await this.memento.update(this.key, [...rest, path].slice(-MAX_RECORDED_PANELS));
    }

    async forget(path: string): Promise<void> {
        await this.memento.update(
            this.key,
            this.paths().filter(s => s !== path)
        );
    }

    /** The recorded path a revived panel's state claims to show, or undefined. */
    protected recorded(claimed: unknown): string | undefined {
        if (typeof claimed !== 'string') return undefined;
        return this.paths().find(s => s === claimed && this.accepts(s));
    }
}

/** Model files of results panels. */
export class ResultsPanelRecords extends PanelRecords {
    constructor(memento: MementoLike) {
        super(memento, 'moe.resultsPanelSources', path => path.toLowerCase().endsWith('.moe'));
    }

    sourceFor(claimed: unknown): string | undefined {
        return this.recorded(claimed);
    }
}

/** Sweep files (a `moe sweep --json` file or results folder) of sweep panels. */
export class SweepPanelRecords extends PanelRecords {
    constructor(memento: MementoLike) {
        super(memento, 'moe.sweepPanelPaths', () => true);
    }

    sweepFor(claimed: unknown): string | undefined {
        return this.recorded(claimed);
    }
}
