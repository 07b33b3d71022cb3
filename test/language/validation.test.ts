/**
 * Every validation rule: the good fixtures check clean, each bad fixture produces the diagnostic
 * its header names, on exactly the token it names.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkModelFiles } from '@moe-studio/language';
import { FIXTURES, read, readExpectations, tokenPosition } from './helpers.js';

const goodFiles = readdirSync(join(FIXTURES, 'good'))
    .filter(f => f.endsWith('.moe'))
    .sort();
const badFiles = readdirSync(join(FIXTURES, 'bad'))
    .filter(f => f.endsWith('.moe'))
    .sort();

describe('good fixtures', () => {
    it.each(goodFiles)('%s has no problems', async file => {
        const problems = await checkModelFiles([join(FIXTURES, 'good', file)]);
        expect(problems).toEqual([]);
    });
});

describe('bad fixtures', () => {
    it('there is a bad fixture for every rule', () => {
        expect(badFiles.length).toBeGreaterThanOrEqual(30);
    });

    it.each(badFiles)('%s reports its diagnostic on the expected token', async file => {
        const path = join(FIXTURES, 'bad', file);
        const text = read(path);
        const expectations = readExpectations(text);
        expect(expectations.length, 'the fixture names its diagnostic').toBeGreaterThan(0);
        const problems = await checkModelFiles([path]);
        for (const expected of expectations) {
            const at = tokenPosition(text, expected.token, expected.occurrence);
            const match = problems.find(
                p =>
                    p.file === path &&
                    p.severity === expected.severity &&
                    p.message.includes(expected.message) &&
                    p.line === at.line &&
                    p.column === at.column &&
                    p.endLine === at.endLine &&
                    p.endColumn === at.endColumn
            );
            expect(
                match,
                `expected ${expected.severity} "${expected.message}" at ${at.line}:${at.column}-${at.endLine}:${at.endColumn}; got\n` +
                    problems
                        .map(p => `${p.line}:${p.column}-${p.endLine}:${p.endColumn} ${p.severity}: ${p.message}`)
                        .join('\n')
            ).toBeDefined();
        }
    });
});
