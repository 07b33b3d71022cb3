import { describe, expect, it } from 'vitest';
import { modelDeclarationLines } from '../../packages/extension/src/extension/model-declarations.js';

describe('model declarations for the CodeLens', () => {
    it('finds each model on its line, ignoring commented-out ones', () => {
        const text = [
            '// model old { }',
            'import "priors.moe"',
            '/* a block',
            '   model hidden {',
            '*/',
            'model first {',
            '}',
            '  model second_2 {',
            '}'
        ].join('\n');
        expect(modelDeclarationLines(text)).toEqual([
            { line: 5, name: 'first' },
            { line: 7, name: 'second_2' }
        ]);
    });

    it('finds none in a file of priors', () => {
        expect(modelDeclarationLines('prior coef = normal(mean = 0, variance = 10)\n')).toEqual([]);
    });
});
