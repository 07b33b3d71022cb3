import { describe, expect, it } from 'vitest';
import {
    buildPanelHtml,
    contentSecurityPolicy,
    createNonce
} from '../../packages/extension/src/extension/panels/panel-html.js';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
const options = {
    cspSource,
    scriptUri: `${cspSource}/ext/media/webview.js`,
    styleUri: `${cspSource}/ext/media/results.css`,
    title: 'Results: <tiny> & "co"',
    initialState: { kind: 'results' as const, source: '/models/a "b".moe' }
};

function cspOf(html: string): string {
    const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
    expect(m, 'CSP meta tag').not.toBeNull();
    return m![1];
}

describe('panel HTML', () => {
    it('carries a strict content security policy', () => {
        const csp = cspOf(buildPanelHtml({ ...options, nonce: 'abc123' }));
        const directives = Object.fromEntries(
            csp
                .split(';')
                .map(d => d.trim().split(/\s+/))
                .map(([k, ...v]) => [k, v])
        );
        expect(directives['default-src']).toEqual(["'none'"]);
        expect(directives['script-src']).toEqual(["'nonce-abc123'"]);
        expect(directives['style-src']).toEqual([cspSource]);
        expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
        expect(directives['connect-src']).toBeUndefined();
    });

    it('gives every script the nonce and loads nothing from elsewhere', () => {
        const html = buildPanelHtml({ ...options, nonce: 'n0nce' });
        const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(m => m[0]);
        expect(scripts.length).toBeGreaterThan(0);
        for (const s of scripts) expect(s).toContain('nonce="n0nce"');
        const urls = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map(m => m[1]);
        expect(urls.length).toBe(2);
        for (const u of urls) expect(u.startsWith(cspSource)).toBe(true);
        expect(html.replace(/content="[^"]*"/, '').match(/https?:\/\/(?!file\+\.vscode-resource)/g)).toBeNull();
    });

    it('escapes the title and the persisted state', () => {
        const html = buildPanelHtml(options);
        expect(html).toContain('<title>Results: &lt;tiny&gt; &amp; &quot;co&quot;</title>');
        const state = html.match(/data-panel-state="([^"]*)"/)![1];
        expect(JSON.parse(state.replace(/&quot;/g, '"').replace(/&amp;/g, '&'))).toEqual(options.initialState);
    });

    it('uses a fresh, unguessable nonce per load', () => {
        const nonces = new Set(Array.from({ length: 50 }, createNonce));
        expect(nonces.size).toBe(50);
        for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9]{16,}$/);
        const a = buildPanelHtml(options),
            b = buildPanelHtml(options);
        expect(cspOf(a)).not.toBe(cspOf(b));
    });

    it('builds the policy from the webview origin only', () => {
        expect(contentSecurityPolicy('vscode-webview://x', 'n')).toContain('img-src vscode-webview://x data: blob:');
    });
});
