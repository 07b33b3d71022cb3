/**
 * The HTML shell of every MoE Studio webview: a strict content security policy (nothing but the
 * extension's own media and one nonce'd script), the theme-aware stylesheet and the bundled
 * panel script. Pure, so its security properties are unit-tested.
 */
import { randomBytes } from 'node:crypto';
import type { PersistedPanelState } from '../../shared/messages.js';

export interface PanelHtmlOptions {
    /** `webview.cspSource`: the origin the webview serves local resources from. */
    cspSource: string;
    /** `webview.asWebviewUri(...)` of media/webview.js and media/results.css. */
    scriptUri: string;
    styleUri: string;
    title: string;
    /** What the panel shows, for the script to persist with `setState` (panel revival). */
    initialState: PersistedPanelState;
    nonce?: string;
}

export function createNonce(): string {
    return randomBytes(18)
        .toString('base64')
        .replace(/[^A-Za-z0-9]/g, '');
}

function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
    return [
        `default-src 'none'`,
        // Plot sets styles through the CSSOM, which style-src does not govern; stylesheets only from media/.
        `style-src ${cspSource}`,
        // data:/blob: images are the panel's own PNG exports (SVG drawn into a canvas).
        `img-src ${cspSource} data: blob:`,
        `font-src ${cspSource}`,
        `script-src 'nonce-${nonce}'`
    ].join('; ');
}

export function buildPanelHtml(options: PanelHtmlOptions): string {
    const nonce = options.nonce ?? createNonce();
    const state = escapeHtml(JSON.stringify(options.initialState));
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(options.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${escapeHtml(options.title)}</title>
</head>
<body data-panel-state="${state}">
<main id="app" aria-live="polite"><p class="muted">Loading results…</p></main>
<script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
