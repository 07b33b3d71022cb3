/**
 * `moe check FILE...`: print every problem as `FILE:LINE:COLUMN: error|warning: MESSAGE`;
 * exit 1 if any error was found, 2 for a file that cannot be read, 0 otherwise.
 */
import { checkModelFiles, setDataOutsideAllowed } from '@moe-studio/language';
import { formatProblem, moeFileError } from './moe-files.js';

export async function checkCommand(files: string[], options: { allowDataOutside?: boolean } = {}): Promise<number> {
    setDataOutsideAllowed(options.allowDataOutside === true);
    for (const file of files) {
        const error = moeFileError(file);
        if (error) {
            process.stderr.write(error + '\n');
            return 2;
        }
    }
    const problems = await checkModelFiles(files);
    for (const problem of problems) process.stdout.write(formatProblem(problem) + '\n');
    return problems.some(p => p.severity === 'error') ? 1 : 0;
}
