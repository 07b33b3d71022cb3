/** Where the models of a `.moe` file are declared (for the CodeLens), found without the parser. */

/** A model declaration: `model Name` at the start of a line (comments and strings aside). */
const modelDeclaration = /^[ \t]*model[ \t]+([A-Za-z_][A-Za-z0-9_]*)/gm;

export function modelDeclarationLines(text: string): Array<{ line: number; name: string }> {
    // Blank out comments so a commented-out model gets no lens; keep line breaks for line numbers.
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, m => m.replace(/[^\n]/g, ' '));
    const found: Array<{ line: number; name: string }> = [];
    for (const m of code.matchAll(modelDeclaration)) {
        found.push({ line: code.slice(0, m.index).split('\n').length - 1, name: m[1] });
    }
    return found;
}
