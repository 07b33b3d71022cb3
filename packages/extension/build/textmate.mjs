// The extension's TextMate grammar: the one `langium generate` writes (comments, keywords and
// strings, always in step with the grammar's keywords) with the patterns it cannot derive added
// in front: declared names, calls of distributions and generators, named arguments, numbers and
// the `~` of a sampling statement.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const extraPatterns = [
    {
        comment: 'model, prior and data declarations: the declared name',
        match: '\\b(model|prior|data)\\s+([A-Za-z_][A-Za-z0-9_]*)',
        captures: { 1: { name: 'keyword.control.moe' }, 2: { name: 'entity.name.type.moe' } }
    },
    {
        comment: 'split STREAM into A = ..., B = ...',
        match: '\\b(split)\\s+([A-Za-z_][A-Za-z0-9_]*)',
        captures: { 1: { name: 'keyword.control.moe' }, 2: { name: 'variable.other.moe' } }
    },
    {
        comment: 'distributions, generators, gates and inference methods',
        match: '\\b([A-Za-z_][A-Za-z0-9_]*)(?=\\s*\\()',
        name: 'support.function.moe'
    },
    { comment: 'named arguments', match: '\\b([A-Za-z_][A-Za-z0-9_]*)(?=\\s*=(?!=))', name: 'variable.parameter.moe' },
    { match: '(?<![A-Za-z0-9_.])-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?\\b', name: 'constant.numeric.moe' },
    { match: '~', name: 'keyword.operator.sampling.moe' }
];

export function writeExtensionGrammar(generatedPath, outPath) {
    const grammar = JSON.parse(readFileSync(generatedPath, 'utf8'));
    const patterns = grammar.patterns ?? [];
    // Comments first (so nothing inside a comment is coloured), then the additions, then the rest.
    const comments = patterns.filter(p => p.include === '#comments');
    const rest = patterns.filter(p => p.include !== '#comments');
    grammar.patterns = [...comments, ...extraPatterns, ...rest];
    mkdirSync(dirname(outPath), { recursive: true });
    writeFileSync(outPath, JSON.stringify(grammar, null, 2) + '\n');
}
