/**
 * Every example parses without syntax errors and checks clean; the compiler's plan for each
 * example matches its committed golden file (with the repository root written `<root>`), and
 * compiling twice gives byte-identical output.
 * Regenerate the goldens after an intended change with `UPDATE_GOLDEN=1 npx vitest run test/language/examples.test.ts`.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import {
    checkModelFiles,
    compileModelFile,
    createMoeServices,
    serializePlan,
    type MoeFile
} from '@moe-studio/language';
import { EXAMPLES, GOLDEN, REPO_ROOT, read } from './helpers.js';

const examples = readdirSync(EXAMPLES)
    .filter(f => f.endsWith('.moe'))
    .sort();
const models = examples.filter(f => f !== 'priors.moe');
const parse = parseHelper<MoeFile>(createMoeServices(EmptyFileSystem).Moe);

function withRoot(text: string): string {
    return text.split(REPO_ROOT).join('<root>');
}

describe('examples', () => {
    it('include the models the language must describe', () => {
        for (const name of [
            'priors',
            'hs-moe-synthetic',
            'hs-moe-normal-prior',
            'streaming-shift',
            'bayesian-regression',
            'hmoe-laplace-laplace',
            'hmoe-softmax-softmax',
            'hmoe-softmax-laplace',
            'motorcycle'
        ]) {
            expect(examples).toContain(`${name}.moe`);
        }
    });

    it.each(examples)('%s parses without syntax errors', async file => {
        const document = await parse(read(join(EXAMPLES, file)));
        expect(document.parseResult.lexerErrors).toEqual([]);
        expect(document.parseResult.parserErrors.map(e => e.message)).toEqual([]);
        const root = document.parseResult.value;
        expect(root.priors.length + root.models.length).toBeGreaterThan(0);
    });

    it('all check clean together', async () => {
        const problems = await checkModelFiles(examples.map(f => join(EXAMPLES, f)));
        expect(problems).toEqual([]);
    });

    it.each(models)('%s compiles to its golden plan, byte-identical twice', async file => {
        const first = await compileModelFile(join(EXAMPLES, file));
        expect(first.problems).toEqual([]);
        expect(first.plan).toBeDefined();
        const text = serializePlan(first.plan!);
        const again = await compileModelFile(join(EXAMPLES, file));
        expect(serializePlan(again.plan!)).toBe(text);
        const golden = join(GOLDEN, file.replace(/\.moe$/, '.plan.json'));
        if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
            mkdirSync(GOLDEN, { recursive: true });
            writeFileSync(golden, withRoot(text));
            if (!process.env.UPDATE_GOLDEN)
                throw new Error(`golden ${golden} was missing and has been written; check it in`);
        }
        expect(withRoot(text)).toBe(read(golden));
    });
});
