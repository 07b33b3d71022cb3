/**
 * Saving a chart: its SVG (with the legend drawn in, since the panel shows legends as HTML) or
 * a PNG rendered from that SVG on a canvas at twice the size.
 */
import type { Theme } from './theme.js';

export interface LegendEntry { label: string; color: string }

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A standalone SVG document: the chart, a background and the legend above it. */
export function standaloneSvg(chart: Element, theme: Theme, legend: LegendEntry[] = []): string {
    const source = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg');
    if (!source) throw new Error('this chart has no SVG to save');
    const width = Number(source.getAttribute('width')) || source.getBoundingClientRect().width;
    const height = Number(source.getAttribute('height')) || source.getBoundingClientRect().height;
    const legendHeight = legend.length > 0 ? 22 : 0;
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('xmlns', SVG_NS);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height + legendHeight));
    svg.setAttribute('viewBox', `0 0 ${width} ${height + legendHeight}`);
    svg.setAttribute('font-family', theme.fontFamily);
    svg.setAttribute('font-size', '11');
    const background = document.createElementNS(SVG_NS, 'rect');
    background.setAttribute('width', '100%');
    background.setAttribute('height', '100%');
    background.setAttribute('fill', theme.background);
    svg.appendChild(background);
    let x = 8;
    for (const entry of legend) {
        const swatch = document.createElementNS(SVG_NS, 'rect');
        swatch.setAttribute('x', String(x)); swatch.setAttribute('y', '6');
        swatch.setAttribute('width', '10'); swatch.setAttribute('height', '10');
        swatch.setAttribute('fill', entry.color);
        const text = document.createElementNS(SVG_NS, 'text');
        text.setAttribute('x', String(x + 14)); text.setAttribute('y', '15');
        text.setAttribute('fill', theme.foreground);
        text.textContent = entry.label;
        svg.append(swatch, text);
        x += 24 + 6.5 * entry.label.length;
    }
    const body = source.cloneNode(true) as SVGSVGElement;
    body.setAttribute('y', String(legendHeight));
    body.setAttribute('color', theme.foreground);
    svg.appendChild(body);
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
        image.onerror = () => { URL.revokeObjectURL(url); reject(new Error('could not render the SVG')); };
        image.src = url;
    });
}
