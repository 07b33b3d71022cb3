/**
 * Colours for the charts, read from VS Code's theme variables at render time and passed to Plot
 * as concrete values, so that a saved SVG or PNG looks the same outside the editor.
 */
export interface Theme {
    foreground: string;
    muted: string;
    background: string;
    panel: string;
    grid: string;
    accent: string;
    error: string;
    warning: string;
    /** Categorical palette for experts and runs. */
    series: string[];
    fontFamily: string;
    fontSize: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
    const value = style.getPropertyValue(name).trim();
    return value || fallback;
}

export function readTheme(): Theme {
    const style = getComputedStyle(document.body);
    const foreground = cssVar(style, '--vscode-foreground', '#333333');
    const series = [
        cssVar(style, '--vscode-charts-blue', '#1a85ff'),
        cssVar(style, '--vscode-charts-orange', '#d18616'),
        cssVar(style, '--vscode-charts-green', '#388a34'),
        cssVar(style, '--vscode-charts-purple', '#652d90'),
        cssVar(style, '--vscode-charts-red', '#e51400'),
        cssVar(style, '--vscode-charts-yellow', '#bf8803'),
        cssVar(style, '--vscode-terminal-ansiCyan', '#0598bc'),
        cssVar(style, '--vscode-terminal-ansiMagenta', '#bc05bc'),
        cssVar(style, '--vscode-terminal-ansiBrightBlue', '#3b8eea'),
        cssVar(style, '--vscode-terminal-ansiBrightGreen', '#23d18b'),
        cssVar(style, '--vscode-terminal-ansiBrightRed', '#f14c4c'),
        cssVar(style, '--vscode-terminal-ansiBrightYellow', '#f5f543')
    ];
    return {
        foreground,
        muted: cssVar(style, '--vscode-descriptionForeground', '#717171'),
        background: cssVar(style, '--vscode-editor-background', '#ffffff'),
        panel: cssVar(style, '--vscode-editorWidget-background', '#f3f3f3'),
        grid: cssVar(style, '--vscode-charts-lines', '#80808059'),
        accent: series[0],
        error: cssVar(style, '--vscode-editorError-foreground', '#e51400'),
        warning: cssVar(style, '--vscode-editorWarning-foreground', '#bf8803'),
        series,
        fontFamily: cssVar(style, '--vscode-font-family', 'system-ui, sans-serif'),
        fontSize: '11px'
    };
}

export function seriesColor(theme: Theme, i: number): string {
    return theme.series[i % theme.series.length];
}
