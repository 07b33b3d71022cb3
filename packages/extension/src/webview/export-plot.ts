/**
 * Saving a chart: its SVG (with the legend drawn in, since the panel shows legends as HTML) or
 * a PNG rendered from that SVG on a canvas at twice the size.
 */
import type { Theme } from './theme.js';

export interface LegendEntry {
    label: string;
    color: string;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Rough text width at 11 px, for laying out legend and caption lines (the browser is not asked: the SVG must read the same anywhere). */
const CHAR_WIDTH = 6.5;
const LINE_HEIGHT = 15;

/** Words wrapped into lines of at most `width` pixels. */
export function wrapText(text: string, width: number): string[] {
    const max = Math.max(10, Math.floor(width / CHAR_WIDTH));
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
        if (line && line.length + 1 + word.length > max) {
            lines.push(line);
            line = word;
        } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    return lines;
}

/** Legend entries placed in rows that fit `width`: each entry's x and row. */
export function legendLayout(
    legend: LegendEntry[],
    width: number
): Array<{ entry: LegendEntry; x: number; row: number }> {
    const out: Array<{ entry: LegendEntry; x: number; row: number }> = [];
    let x = 8,
        row = 0;
    for (const entry of legend) {
        const w = 24 + CHAR_WIDTH * entry.label.length;
        if (x > 8 && x + w > width - 4) {
            x = 8;
            row++;
        }
        out.push({ entry, x, row });
        x += w;
    }
    return out;
}

export interface FigureText {
    title?: string;
    caption?: string;
}

/**
 * A standalone SVG document that reads like the panel's card: a background, the title, the
 * legend (wrapped into rows that fit), the chart and the caption below it.
 */
export function standaloneSvg(chart: Element, theme: Theme, legend: LegendEntry[] = [], text: FigureText = {}): string {
    const source = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg');
    if (!source) throw new Error('this chart has no SVG to save');
    const width = Number(source.getAttribute('width')) || source.getBoundingClientRect().width;
    const height = Number(source.getAttribute('height')) || source.getBoundingClientRect().height;
    const titleHeight = text.title ? 24 : 0;
    const placed = legend.length > 1 ? legendLayout(legend, width) : [];
    const legendHeight = placed.length ? (placed[placed.length - 1].row + 1) * LINE_HEIGHT + 6 : 0;
    const captionLines = text.caption ? wrapText(text.caption, width - 16) : [];
    const captionHeight = captionLines.length ? captionLines.length * LINE_HEIGHT + 8 : 0;
    const total = titleHeight + legendHeight + height + captionHeight;
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('xmlns', SVG_NS);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(total));
    svg.setAttribute('viewBox', `0 0 ${width} ${total}`);
    svg.setAttribute('font-family', theme.fontFamily);
    svg.setAttribute('font-size', '11');
    const background = document.createElementNS(SVG_NS, 'rect');
    background.setAttribute('width', '100%');
    background.setAttribute('height', '100%');
    background.setAttribute('fill', theme.background);
    svg.appendChild(background);
    const label = (content: string, x: number, y: number, attrs: Record<string, string> = {}) => {
        const t = document.createElementNS(SVG_NS, 'text');
        t.setAttribute('x', String(x));
        t.setAttribute('y', String(y));
        t.setAttribute('fill', theme.foreground);
        for (const [k, v] of Object.entries(attrs)) t.setAttribute(k, v);
        t.textContent = content;
        svg.appendChild(t);
    };
    if (text.title) label(text.title, 8, 17, { 'font-size': '13', 'font-weight': '600', 'data-role': 'title' });
    for (const { entry, x, row } of placed) {
        const y = titleHeight + 4 + row * LINE_HEIGHT;
        const swatch = document.createElementNS(SVG_NS, 'rect');
        swatch.setAttribute('x', String(x));
        swatch.setAttribute('y', String(y + 2));
        swatch.setAttribute('width', '10');
        swatch.setAttribute('height', '10');
        swatch.setAttribute('fill', entry.color);
        svg.appendChild(swatch);
        label(entry.label, x + 14, y + 11, { 'data-role': 'legend' });
    }
    const body = source.cloneNode(true) as SVGSVGElement;
    body.setAttribute('y', String(titleHeight + legendHeight));
    body.setAttribute('color', theme.foreground);
    svg.appendChild(body);
    captionLines.forEach((line, i) =>
        label(line, 8, titleHeight + legendHeight + height + 4 + (i + 1) * LINE_HEIGHT - 4, {
            fill: theme.muted,
            'data-role': 'caption'
        })
    );
    return new XMLSerializer().serializeToString(svg);
}

/** Renders SVG markup to PNG; resolves with the PNG's bytes as base64. */
export function svgToPngBase64(svgMarkup: string, scale = 2): Promise<string> {
    return new Promise((resolve, reject) => {
        const url = URL.createObjectURL(new Blob([svgMarkup], { type: 'image/svg+xml' }));
        const image = new Image();
        image.onload = () => {
            try {
                const canvas = document.createElement('canvas');
                canvas.width = Math.ceil(image.width * scale);
                canvas.height = Math.ceil(image.height * scale);
                const context = canvas.getContext('2d');
                if (!context) throw new Error('no 2D canvas');
                context.scale(scale, scale);
                context.drawImage(image, 0, 0);
                resolve(canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''));
            } catch (error) {
                reject(error);
            } finally {
                URL.revokeObjectURL(url);
            }
        };
        image.onerror = () => {
            URL.revokeObjectURL(url);
            reject(new Error('could not render the SVG'));
        };
        image.src = url;
    });
}
