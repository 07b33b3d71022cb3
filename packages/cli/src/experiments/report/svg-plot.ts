/**
 * Plots of a report as standalone SVG files: Observable Plot, as the extension's panel draws its
 * charts (same height, margins and font), rendered without a browser on linkedom's DOM.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * One Plot chart as an SVG document (white background, so it reads in light and dark viewers).
 * A caption becomes the SVG's <title> (Plot would wrap chart and caption in an HTML <figure>,
 * which an image link cannot show); colour legends are off for the same reason: label series
 * with text marks instead.
 */
export function svgPlot(options: Plot.PlotOptions): string {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const { caption, ...rest } = options;
    const chart = Plot.plot({
        height: 240,
        marginLeft: 56,
        ...rest,
        color: { ...rest.color, legend: false },
        document: document as unknown as Document,
        style: { background: 'white', color: 'black', fontFamily: 'system-ui, sans-serif', fontSize: '11px', overflow: 'visible' }
    }) as Element;
    // A legend or a caption wraps the chart in a <figure>; an image link needs the <svg> alone.
    const svg = chart.tagName.toLowerCase() === 'svg' ? chart : chart.querySelector('svg');
    if (!svg) throw new Error('Plot produced no <svg> element');
    svg.setAttribute('xmlns', SVG_NS);
    if (typeof caption === 'string') {
        const title = document.createElementNS(SVG_NS, 'title');
        title.textContent = caption;
        svg.insertBefore(title, svg.firstChild);
    }
    return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}

export { Plot };
