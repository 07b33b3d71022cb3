/**
 * Standalone SVG documents from Observable Plot, rendered without a browser: linkedom supplies
 * the DOM Plot draws into (Plot takes it through its `document` option).
 *
 * With a title, subtitle or legend Plot returns an HTML <figure> (headings, a legend of HTML
 * swatches, then the plot's <svg>); a report file must be one SVG, so the headings and swatches
 * are redrawn as SVG text and rectangles above the plot's <svg>, nested unchanged.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Greedy word wrap at `width` characters. */
function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
        if (line && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        } else {
            line = line ? `${line} ${word}` : word;
        }
    }
    if (line) lines.push(line);
    return lines;
}

export function renderPlot(options: Plot.PlotOptions): string {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const figure = Plot.plot({ ...options, document: document as unknown as Document }) as unknown as Element;
    const header = '<?xml version="1.0" encoding="UTF-8"?>\n';
    if (figure.tagName.toLowerCase() === 'svg') {
        figure.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
        return header + figure.outerHTML + '\n';
    }
    const plot = Array.from(figure.querySelectorAll('svg')).find(svg => svg.hasAttribute('viewBox'));
    if (!plot) throw new Error('Plot produced no <svg>');
    const width = Number(plot.getAttribute('width'));
    const height = Number(plot.getAttribute('height'));
    const parts: string[] = [];
    let y = 6;
    const title = figure.querySelector('h2')?.textContent;
    if (title) {
        y += 18;
        parts.push(`<text x="4" y="${y}" font-size="16" font-weight="bold">${escapeXml(title)}</text>`);
    }
    const subtitle = figure.querySelector('h3')?.textContent;
    if (subtitle) {
        for (const line of wrap(subtitle, Math.floor(width / 6.5))) {
            y += 16;
            parts.push(`<text x="4" y="${y}" font-size="12" fill="#444">${escapeXml(line)}</text>`);
        }
    }
    const swatches = Array.from(figure.querySelectorAll('span')).filter(span => span.querySelector('svg[fill]'));
    if (swatches.length > 0) {
        y += 22;
        let x = 4;
        for (const swatch of swatches) {
            const fill = swatch.querySelector('svg')!.getAttribute('fill')!;
            const label = swatch.textContent ?? '';
            parts.push(`<rect x="${x}" y="${y - 11}" width="12" height="12" fill="${escapeXml(fill)}"/><text x="${x + 16}" y="${y}" font-size="12">${escapeXml(label)}</text>`);
            x += 28 + 7 * label.length;
        }
    }
    y += 10;
    plot.setAttribute('y', String(y));
    return header
        + `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + height}" viewBox="0 0 ${width} ${y + height}" font-family="system-ui, sans-serif" style="background: white">`
        + `<rect width="100%" height="100%" fill="white"/>${parts.join('')}${plot.outerHTML}</svg>\n`;
}

export { Plot };
