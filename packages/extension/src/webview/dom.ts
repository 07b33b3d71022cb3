/** A small element builder: text goes in as text (never as HTML), listeners as functions. */
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    props: {
        class?: string;
        title?: string;
        data?: Record<string, string>;
        on?: Record<string, (e: Event) => void>;
        attrs?: Record<string, string>;
    } = {},
    ...children: Child[]
): HTMLElementTagNameMap[K] {
    const el = document.createElement(tag);
    if (props.class) el.className = props.class;
    if (props.title) el.title = props.title;
    for (const [k, v] of Object.entries(props.data ?? {})) el.dataset[k] = v;
    for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v);
    for (const [k, v] of Object.entries(props.on ?? {})) el.addEventListener(k, v);
    for (const c of children) {
        if (c === null || c === undefined || c === false) continue;
        el.append(typeof c === 'number' ? String(c) : c);
    }
    return el;
}

/** Numbers as people read them: 4 significant digits, thousands separators for counts. */
export function num(x: number | undefined, digits = 4): string {
    if (x === undefined) return '–';
    if (!Number.isFinite(x)) return String(x);
    if (Number.isInteger(x) && Math.abs(x) < 1e9) return x.toLocaleString('en-US');
    const a = Math.abs(x);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(digits - 1);
    return Number(x.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 10 });
}

/**
 * An interval with both ends in one notation and to the same decimal place, fixed by the larger
 * end (so `0.00091 – 0.00393`, never `9.07e-4 – 0.00393`).
 */
export function interval(lower: number | undefined, upper: number | undefined, digits = 3, separator = ' – '): string {
    if (lower === undefined || upper === undefined || !Number.isFinite(lower) || !Number.isFinite(upper))
        return `${num(lower, digits)}${separator}${num(upper, digits)}`;
    const a = Math.max(Math.abs(lower), Math.abs(upper));
    if (a !== 0 && (a < 1e-3 || a >= 1e6))
        return `${lower.toExponential(digits - 1)}${separator}${upper.toExponential(digits - 1)}`;
    const decimals = a === 0 ? 0 : Math.max(0, Math.min(12, digits - 1 - Math.floor(Math.log10(a))));
    const fixed = (x: number) =>
        x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return `${fixed(lower)}${separator}${fixed(upper)}`;
}

export function table(header: string[], rows: Array<Array<string | number | undefined>>): HTMLElement {
    return h(
        'div',
        { class: 'table-wrap' },
        h(
            'table',
            {},
            h('thead', {}, h('tr', {}, ...header.map(c => h('th', {}, c)))),
            h(
                'tbody',
                {},
                ...rows.map(r => h('tr', {}, ...r.map(c => h('td', {}, typeof c === 'number' ? num(c) : (c ?? '–')))))
            )
        )
    );
}
