/**
 * `moe compile FILE [-o PLAN.json]`: write the model's execution plan (to standard output without
 * `-o`). An invalid model prints its problems as `moe check` does and exits 1; warnings go to
 * standard error so that the plan on standard output stays valid JSON.
 */
import { writeFileAtomic } from '@moe-studio/engine/files';
import { compileModelFile, serializePlan } from '@moe-studio/language';
import { formatProblem, moeFileError } from './moe-files.js';

export async function compileCommand(
    file: string,
    output?: string,
    options: { allowDataOutside?: boolean } = {}
): Promise<number> {
    const error = moeFileError(file);
    if (error) {
        process.stderr.write(error + '\n');
        return 2;
    }
    const { plan, problems } = await compileModelFile(file, options);
    for (const problem of problems) process.stderr.write(formatProblem(problem) + '\n');
    if (!plan || problems.some(p => p.severity === 'error')) return 1;
    const text = serializePlan(plan);
    if (output === undefined) {
        process.stdout.write(text);
        return 0;
    }
    try {
        await writeFileAtomic(output, text);
    } catch (e) {
        process.stderr.write(`moe: ${output}: cannot write the plan (${e instanceof Error ? e.message : String(e)})\n`);
        return 2;
    }
    return 0;
}
