/** A chart in a card with its title, legend, caption and "save as SVG / PNG" buttons. */
import { h } from './dom.js';
import { standaloneSvg, svgToPngBase64 } from './export-plot.js';
import type { LegendEntry } from './export-plot.js';
import type { Theme } from './theme.js';
import type { Chart } from './charts/plot-frame.js';
import type { FromWebviewMessage } from '../shared/messages.js';

export interface CardContext {
    theme: Theme;
    post(message: FromWebviewMessage): void;
}

export interface CardSpec {
    id: string;
    title: string;
    caption?: string;
    legend?: LegendEntry[];
    /** Draws the chart at the card's inner width; undefined means "nothing to draw". */
    draw(width: number): Chart | undefined;
    controls?: HTMLElement;
}

export function figureCard(parent: HTMLElement, spec: CardSpec, ctx: CardContext): HTMLElement | undefined {
    const chartBox = h('div', { class: 'chart' });
    const legend =
        spec.legend && spec.legend.length > 1
            ? h(
                  'div',
                  { class: 'legend' },
                  ...spec.legend.map(e => {
                      const s = h('span', {}, e.label);
                      s.style.setProperty('--swatch', e.color);
                      return s;
                  })
              )
            : null;
    let chart: Chart | undefined;
    const save = (format: 'svg' | 'png') => async () => {
        if (!chart) return;
        // The caption as the card shows it (code may add to it after drawing).
        const caption = card.querySelector('figcaption')?.textContent ?? spec.caption;
        const svg = standaloneSvg(chart, ctx.theme, spec.legend, { title: spec.title, caption });
        ctx.post({ type: 'savePlot', plot: spec.id, format, data: format === 'svg' ? svg : await svgToPngBase64(svg) });
    };
    const card = h(
        'figure',
        { class: 'card', data: { plot: spec.id } },
        h(
            'div',
            { class: 'card-head' },
            h('h2', {}, spec.title),
            h(
                'div',
                { class: 'save' },
                h('button', { title: `Save "${spec.title}" as SVG`, on: { click: save('svg') } }, 'SVG'),
                h('button', { title: `Save "${spec.title}" as PNG`, on: { click: save('png') } }, 'PNG')
            )
        ),
        spec.controls ?? null,
        legend,
        chartBox,
        spec.caption ? h('figcaption', {}, spec.caption) : null
    );
    parent.append(card);
    const width = Math.max(280, Math.min(1000, chartBox.clientWidth || 420));
    try {
        chart = spec.draw(width);
    } catch (error) {
        chartBox.append(
            h(
                'p',
                { class: 'muted' },
                `Could not draw this chart: ${error instanceof Error ? error.message : String(error)}`
            )
        );
        return card;
    }
    if (!chart) {
        card.remove();
        return undefined;
    }
    chartBox.append(chart);
    return card;
}
