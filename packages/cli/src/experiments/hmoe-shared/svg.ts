/**
 * Standalone SVG documents from Observable Plot, rendered without a browser: linkedom supplies
 * the DOM Plot draws into (Plot takes it through its `document` option).
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export function renderPlot(options: Plot.PlotOptions): string {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const figure = Plot.plot({ ...options, document: document as unknown as Document });
    // With a caption or legend Plot returns a <figure>; the report wants the bare <svg>.
    const svg = figure.tagName.toLowerCase() === 'svg' ? figure : figure.querySelector('svg');
    if (!svg) throw new Error('Plot produced no <svg>');
    svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    svg.setAttribute('style', 'background: white; color: black');
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg.outerHTML + '\n';
}

export { Plot };
