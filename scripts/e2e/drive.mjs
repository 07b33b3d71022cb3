// Drives code-server in headless Chromium: the language server's diagnostics and completion, inlay
// hints of filled-in defaults and semantic colouring as the editor draws them, a model with errors
// refused, a model run from the editor-title button, the results panel showing the engine's numbers
// and its posterior plots (usage over observations, noise variances; the fitted curve of a
// one-input model). Each step prints ok/FAIL; screenshots go to E2E_ARTIFACTS.
import { chromium } from 'playwright-core';
import * as path from 'node:path';

const url = process.env.E2E_URL;
const workspace = process.env.E2E_WORKSPACE;
const artifacts = process.env.E2E_ARTIFACTS;
if (!url || !workspace || !artifacts) throw new Error('E2E_URL, E2E_WORKSPACE and E2E_ARTIFACTS must be set');

const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
    ]
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const shot = name => page.screenshot({ path: path.join(artifacts, `${name}.png`) });
const started = Date.now();
let failed = false;

async function step(name, fn) {
    const t = Date.now();
    try {
        await fn();
        console.log(`ok   ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    } catch (error) {
        failed = true;
        console.log(`FAIL ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        await shot(`failure-${name.replace(/\W+/g, '-')}`).catch(() => undefined);
        throw error;
    }
}

async function openFile(name) {
    await page
        .locator('.explorer-folders-view .monaco-list-row', {
            hasText: new RegExp(`^\\s*${name.replace('.', '\\.')}\\s*$`)
        })
        .first()
        .dblclick();
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
    await page.waitForFunction(
        () => document.querySelector('#status\\.editor\\.mode')?.textContent?.includes('Moe'),
        null,
        { timeout: 60_000 }
    );
}

/** The results panel: code-server nests the webview's document in two iframes. */
function panel() {
    return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

try {
    await step('workbench loads', async () => {
        await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
        await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    });

    await step('the folder opens in Restricted Mode', async () => {
        await page.locator('.statusbar', { hasText: 'Restricted Mode' }).waitFor({ timeout: 30_000 });
    });

    await step('diagnostics come from the language server', async () => {
        await openFile('broken.moe');
        await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
        await page.waitForFunction(
            () => /\b1\b/.test(document.querySelector('#status\\.problems')?.textContent ?? ''),
            null,
            { timeout: 10_000 }
        );
        await shot('diagnostics');
    });

    await step('completion comes from the language server', async () => {
        await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        await page.keyboard.type('prior p = ');
        await page.keyboard.press('Control+Space');
        const labels = page.locator('.suggest-widget .monaco-list-row .label-name');
        await labels.first().waitFor({ timeout: 30_000 });
        const names = await labels.allTextContents();
        // Distribution names from the server's catalogue; word-based suggestions are off.
        if (!names.some(n => /^(half_cauchy|inverse_gamma|horseshoe|normal)$/.test(n)))
            throw new Error(`unexpected suggestions: ${names.join(', ')}`);
        console.log(`     suggestions: ${names.slice(0, 8).join(', ')}`);
        await shot('completion');
        await page.keyboard.press('Escape');
    });

    await step('inlay hints show the defaults the compiler fills in', async () => {
        // broken.moe is hs-moe-synthetic.moe with one name changed: its `fit` call leaves rejuvenate_schedule to the default.
        // The editor draws a hint as text or as CSS content of a decoration (spaces as no-break spaces).
        const rendered = () =>
            [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines span')]
                .map(span => {
                    const css = pseudo => {
                        const c = getComputedStyle(span, pseudo).content;
                        return c && c !== 'none' && c !== 'normal' ? c.replace(/^"|"$/g, '') : '';
                    };
                    return css('::before') + (span.children.length === 0 ? span.textContent : '') + css('::after');
                })
                .join('');
        await page.waitForFunction(`/rejuvenate_schedule:\\s+doubling/.test((${rendered.toString()})())`, null, {
            timeout: 30_000
        });
        const text = await page.evaluate(rendered);
        console.log(`     hint: ${(text.match(/7919[^)]*/) ?? [''])[0].replace(/\s+/g, ' ').trim().slice(0, 90)}`);
        await shot('inlay-hints');
    });

    await step('semantic tokens colour a stream and a prior differently', async () => {
        // `train` (a stream) and `hs` (a prior) are both bare names to the TextMate grammar.
        const classOf = async word =>
            page
                .locator('.editor-instance .monaco-editor .view-line span span', { hasText: new RegExp(`^${word}$`) })
                .first()
                .getAttribute('class');
        await page.waitForFunction(
            () => {
                const spans = [...document.querySelectorAll('.editor-instance .monaco-editor .view-line span span')];
                const a = spans.find(s => s.textContent === 'train');
                const b = spans.find(s => s.textContent === 'hss');
                return a && b && a.className !== b.className;
            },
            null,
            { timeout: 30_000 }
        );
        console.log(`     train: ${await classOf('train')}, hss: ${await classOf('hss')}`);
    });

    await step('in Restricted Mode running explains why it is off; trusting the folder turns it on', async () => {
        await page.locator('.editor-actions [aria-label^="Run Model"]').first().click();
        const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Restricted Mode' });
        await toast.waitFor({ timeout: 30_000 });
        await shot('restricted');
        await toast.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).click();
        await page
            .locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ })
            .first()
            .click({ timeout: 30_000 });
        await page
            .locator('.statusbar', { hasText: 'Restricted Mode' })
            .waitFor({ state: 'detached', timeout: 30_000 });
        await shot('trusted');
        // The trust editor opens over the others; close it and go back to the model.
        await page.locator('.editor-instance .workspace-trust-editor').first().click();
        await page.keyboard.press('Control+W');
        await page.locator('.workspace-trust-editor').waitFor({ state: 'detached', timeout: 10_000 });
        await page.locator('.tabs-container .tab', { hasText: 'broken.moe' }).first().click();
        await page.locator('.tabs-container .tab.active', { hasText: 'broken.moe' }).waitFor();
    });

    await step('a model with errors does not run', async () => {
        await page.locator('.editor-actions [aria-label^="Run Model"]').first().click();
        await page
            .locator('.notifications-toasts .notification-toast', { hasText: 'cannot be run' })
            .waitFor({ timeout: 30_000 });
        await shot('refused');
        await page.keyboard.press('Escape');
    });

    await step("run from the editor title shows results with the engine's numbers", async () => {
        await openFile('hs-moe-synthetic.moe');
        await page.locator('.codelens-decoration a', { hasText: 'Run' }).first().waitFor({ timeout: 30_000 });
        await page.locator('.editor-actions [aria-label^="Run Model"]').first().click();
        const lml = panel().locator('.stat', { hasText: 'log marginal likelihood' }).locator('.stat-value');
        await lml.waitFor({ timeout: 120_000 });
        const value = (await lml.textContent())?.trim() ?? '';
        // The estimate, then ± its Monte Carlo standard error when there are several filters.
        if (!/^-?[\d,]+(\.\d+)?(e[-+]?\d+)?( ± [\d,.]+(e[-+]?\d+)?)?$/.test(value))
            throw new Error(`log marginal likelihood reads "${value}"`);
        const particles = (
            await panel().locator('.stat', { hasText: 'particles' }).locator('.stat-value').textContent()
        )?.trim();
        if (particles !== '100')
            throw new Error(`the run used ${particles} particles, not the moe.run.particles setting (100)`);
        await panel()
            .locator('figure[data-plot="expert-usage"] .chart svg g[aria-label="bar"] rect')
            .first()
            .waitFor({ timeout: 30_000 });
        const bars = await panel()
            .locator('figure[data-plot="expert-usage"] .chart svg g[aria-label="bar"] rect')
            .count();
        if (bars !== 10) throw new Error(`expected 10 expert bars, found ${bars}`);
        console.log(`     log marginal likelihood ${value}, ${particles} particles, ${bars} experts drawn`);
        for (const plot of ['usage-over-observations', 'noise-variances']) {
            await panel().locator(`figure[data-plot="${plot}"] .chart svg`).waitFor({ timeout: 30_000 });
        }
        const noise = await panel()
            .locator('figure[data-plot="noise-variances"] .chart svg g[aria-label="dot"] circle')
            .count();
        if (noise !== 10) throw new Error(`expected 10 noise-variance intervals, found ${noise}`);
        await page.waitForTimeout(500);
        await shot('results');
    });

    await step('the results panel comes back after a window reload', async () => {
        const before = (
            await panel().locator('.stat', { hasText: 'log marginal likelihood' }).locator('.stat-value').textContent()
        )?.trim();
        // Reload through the workbench, which saves its state first (as a user's reload does).
        await page.keyboard.press('F1');
        await page.locator('.quick-input-widget input').fill('>Developer: Reload Window');
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Reload Window' }).first().waitFor();
        await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.keyboard.press('Enter')]);
        await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
        const lml = panel().locator('.stat', { hasText: 'log marginal likelihood' }).locator('.stat-value');
        await lml.waitFor({ timeout: 60_000 });
        const after = (await lml.textContent())?.trim();
        if (after !== before) throw new Error(`after the reload the panel reads ${after}, before ${before}`);
    });

    await step('Cancel stops a long run at once and keeps the last good results', async () => {
        await openFile('long-run.moe');
        await page.locator('.editor-actions [aria-label^="Run Model"]').first().click();
        const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'observations' });
        await toast.waitFor({ timeout: 60_000 });
        await shot('progress');
        const cancelled = panel().locator('[data-problem="cancelled"]');
        const clicked = Date.now();
        await toast.getByRole('button', { name: 'Cancel' }).click();
        await cancelled.waitFor({ timeout: 10_000 });
        console.log(`     cancelled run reported in the panel ${Date.now() - clicked} ms after the click`);
        const text = (await cancelled.textContent()) ?? '';
        if (!/cancelled/i.test(text)) throw new Error(`banner reads "${text}"`);
        await shot('cancelled');
    });

    await step('a one-input model shows its fitted mean with the predictive band over the data', async () => {
        await openFile('motorcycle.moe');
        await page.locator('.codelens-decoration a', { hasText: 'Run' }).first().waitFor({ timeout: 30_000 });
        await page.locator('.editor-actions [aria-label^="Run Model"]').first().click();
        const figure = panel().locator('figure[data-plot="fitted-curve"]');
        await figure.locator('.chart svg g[aria-label="area"] path').waitFor({ timeout: 120_000 });
        const dots = await figure.locator('.chart svg g[aria-label="dot"] circle').count();
        const lines = await figure.locator('.chart svg g[aria-label="line"] path').count();
        if (lines !== 1 || dots < 100) throw new Error(`fitted curve: ${lines} line(s), ${dots} data points`);
        console.log(`     fitted curve over ${dots} training points`);
        await figure.scrollIntoViewIfNeeded();
        await shot('fitted-curve');
    });
} catch {
    // reported by step()
} finally {
    await browser.close();
    console.log(
        `${failed ? 'e2e FAILED' : 'e2e passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s of driving`
    );
    process.exitCode = failed ? 1 : 0;
}
