/**
 * The one line a command may keep redrawn at the bottom of a terminal's stderr (a progress bar),
 * and messages that must not land on top of it: `writeMessage` clears the line first.
 *
 * bin/moe.cjs draws a first line for `moe run` before it loads the bundle (compiling the bundle
 * takes a few hundred milliseconds), so the run shows at once; it marks that on a global symbol,
 * and the progress line takes the line over from it (`takeLauncherLine`).
 */
const LAUNCHER = Symbol.for('moe-studio.launcher-line');

let clearDrawn: (() => void) | undefined;

/** The launcher's line is on the terminal: the caller now owns it. */
export function takeLauncherLine(): boolean {
    const global = globalThis as Record<symbol, unknown>;
    const drawn = global[LAUNCHER] === true;
    global[LAUNCHER] = false;
    if (drawn && clearDrawn === undefined) clearDrawn = () => process.stderr.write('\r\x1b[K');
    return drawn;
}

/** A line is drawn (or no longer, `clear` undefined); `clear` removes it. */
export function statusLineDrawn(clear: (() => void) | undefined): void {
    clearDrawn = clear;
}

/** Remove the drawn line, if any. */
export function clearStatusLine(): void {
    takeLauncherLine();
    const clear = clearDrawn;
    clearDrawn = undefined;
    clear?.();
}

/** Write a message to stderr on a line of its own. */
export function writeMessage(text: string): void {
    clearStatusLine();
    process.stderr.write(text);
}
