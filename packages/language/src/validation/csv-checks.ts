/**
 * Checks of CSV data streams that read only the file's header line: the file exists, the target
 * and input columns exist (listing the ones that do), the target is not also an input, and
 * columns the model ignores are pointed out.
 */
import { dirname, resolve } from 'node:path';
import { AstUtils, type ValidationAcceptor } from 'langium';
import { isListValue, isStringValue, type Call, type DataDecl } from '../generated/ast.js';
import { IssueCodes } from '../issue-codes.js';
import { argumentsByName, columnNameOf as columnName } from '../model/values.js';
import { readDataHeader } from '../data/data-access.js';
import { echoName, echoNames } from '@moe-studio/engine/files';
import { didYouMean, suggestNames } from './suggest.js';

/** The absolute path of a csv() call's file, if the call gives one and the model is a file on disk. */
export function csvPath(call: Call): string | undefined {
    const pathValue = argumentsByName(call).get('path')?.value;
    if (!isStringValue(pathValue)) return undefined;
    const document = AstUtils.getDocument(call);
    if (document.uri.scheme !== 'file') return undefined;
    return resolve(dirname(document.uri.fsPath), pathValue.value);
}

const MAX_UNUSED_WARNINGS = 20;

export function checkCsvSource(data: DataDecl, accept: ValidationAcceptor): void {
    const call = data.source;
    if (call?.callee !== 'csv') return;
    const args = argumentsByName(call);
    const pathValue = args.get('path')?.value;
    const path = csvPath(call);
    if (!path || !pathValue) return;
    const header = readDataHeader(path, AstUtils.getDocument(call).uri.fsPath);
    if (!header.ok) {
        accept(
            'error',
            header.reason === 'file not found'
                ? `CSV file '${(pathValue as { value: string }).value}' not found (looked for ${path}).`
                : `CSV file '${(pathValue as { value: string }).value}' cannot be read: ${header.reason}.`,
            { node: pathValue }
        );
        return;
    }
    const columns = header.columns;
    const known = new Set(columns);
    const file = (pathValue as { value: string }).value;
    const listed = `The file's columns: ${echoNames(columns)}.`;
    const target = args.get('target')?.value;
    const targetName = target ? columnName(target) : undefined;
    const used = new Set<string>();
    const checkColumn = (value: NonNullable<Parameters<typeof columnName>[0]>, role: string) => {
        const name = columnName(value);
        if (name === undefined) return;
        used.add(name);
        if (!known.has(name)) {
            const suggestions = suggestNames(name, columns);
            accept(
                'error',
                `Column '${echoName(name)}' (${role}) is not in ${file}.${didYouMean(suggestions)} ${listed}`,
                { node: value, data: { code: IssueCodes.UnknownColumn, name, suggestions, columns } }
            );
        }
    };
    if (target) checkColumn(target, 'the target');
    if (target && targetName !== undefined && columns.indexOf(targetName) !== columns.lastIndexOf(targetName)) {
        accept('error', `The header of ${file} has the target column '${echoName(targetName)}' more than once.`, {
            node: target
        });
    }
    const inputs = args.get('inputs')?.value;
    if (isListValue(inputs)) {
        const seen = new Set<string>();
        for (const item of inputs.items) {
            const name = columnName(item);
            if (name === undefined) continue;
            if (name === targetName) {
                accept('error', `'${echoName(name)}' is the target; it cannot also be an input.`, { node: item });
                continue;
            }
            if (seen.has(name)) {
                accept('error', `Input '${echoName(name)}' is listed twice.`, { node: item });
                continue;
            }
            seen.add(name);
            checkColumn(item, 'an input');
        }
    }
    if (!target || !isListValue(inputs)) return;
    const unused = columns.filter(column => !used.has(column));
    // One warning per unused column, up to a few; a wide file gets one warning for all of them.
    if (unused.length > MAX_UNUSED_WARNINGS) {
        accept(
            'warning',
            `${unused.length} columns of ${file} are not used by the model (neither the target nor an input): ${echoNames(unused)}.`,
            { node: pathValue }
        );
        return;
    }
    for (const column of unused) {
        accept(
            'warning',
            `Column '${echoName(column)}' of ${file} is not used by the model (neither the target nor an input).`,
            { node: pathValue, data: { code: IssueCodes.UnusedColumn, name: column } }
        );
    }
}
