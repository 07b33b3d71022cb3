/**
 * Plots of a report as standalone SVG files: Observable Plot, as the extension's panel draws its
 * charts (same height, margins and font), rendered without a browser on linkedom's DOM (Plot takes
 * it through its `document` option).
 *
 * With a title, subtitle or legend Plot returns an HTML <figure> (headings, a legend of HTML
 * swatches, then the chart's <svg>); an image link needs one SVG, so the headings and swatches
 * are redrawn as SVG text and rectangles above the chart's <svg>, which is nested unchanged.
 * A caption becomes the SVG's <title>.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

const escapeXml = (text: string): string =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

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

/** The headings and legend swatches of Plot's <figure>, as SVG elements from the top down; returns their height. */
function figureHeader(figure: Element, width: number, parts: string[]): number {
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
            parts.push(
                `<rect x="${x}" y="${y - 11}" width="12" height="12" fill="${escapeXml(fill)}"/>` +
                    `<text x="${x + 16}" y="${y}" font-size="12">${escapeXml(label)}</text>`
            );
            x += 28 + 7 * label.length;
        }
    }
    return y + 10;
}

/** One Plot chart as an SVG document (white background, so it reads in light and dark viewers). */
export function svgPlot(options: Plot.PlotOptions): string {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const { caption, ...rest } = options;
    const chart = Plot.plot({
        height: 240,
        marginLeft: 56,
        ...rest,
        document: document as unknown as Document,
        style: {
            background: 'white',
            color: 'black',
            fontFamily: 'system-ui, sans-serif',
            fontSize: '11px',
            overflow: 'visible'
        }
    }) as unknown as Element;
    const svg =
        chart.tagName.toLowerCase() === 'svg'
            ? chart
            : Array.from(chart.querySelectorAll('svg')).find(s => s.hasAttribute('viewBox'));
    if (!svg) throw new Error('Plot produced no <svg> element');
    svg.setAttribute('xmlns', SVG_NS);
    if (typeof caption === 'string') {
        const title = document.createElementNS(SVG_NS, 'title');
        title.textContent = caption;
        svg.insertBefore(title, svg.firstChild);
    }
    if (svg === chart) return `${XML_HEADER}${svg.outerHTML}\n`;
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    const parts: string[] = [];
    const top = figureHeader(chart, width, parts);
    svg.setAttribute('y', String(top));
    return (
        XML_HEADER +
        `<svg xmlns="${SVG_NS}" width="${width}" height="${top + height}" viewBox="0 0 ${width} ${top + height}" ` +
        `font-family="system-ui, sans-serif" style="background: white"><rect width="100%" height="100%" fill="white"/>` +
        `${parts.join('')}${svg.outerHTML}</svg>\n`
    );
}

export { Plot };
