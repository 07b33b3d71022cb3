/**
 * Checks of CSV data streams that read only the file's header line: the file exists, the target
 * and input columns exist (listing the ones that do), the target is not also an input, and
 * columns the model ignores are pointed out.
 */
import { dirname, resolve } from 'node:path';
import { AstUtils, type ValidationAcceptor } from 'langium';
import { isListValue, isNameValue, isStringValue, type Call, type DataDecl, type Value } from '../generated/ast.js';
import { IssueCodes } from '../issue-codes.js';
import { argumentsByName } from '../model/values.js';
import { readCsvHeader } from '../data/csv-header.js';
import { didYouMean, suggestNames } from './suggest.js';

function columnName(value: Value): string | undefined {
    if (isNameValue(value)) return value.target.$refText;
    if (isStringValue(value)) return value.value;
    return undefined;
}

/** The absolute path of a csv() call's file, if the call gives one and the model is a file on disk. */
export function csvPath(call: Call): string | undefined {
    const pathValue = argumentsByName(call).get('path')?.value;
    if (!isStringValue(pathValue)) return undefined;
    const document = AstUtils.getDocument(call);
    if (document.uri.scheme !== 'file') return undefined;
    return resolve(dirname(document.uri.fsPath), pathValue.value);
}

export function checkCsvSource(data: DataDecl, accept: ValidationAcceptor): void {
    const call = data.source;
    if (call?.callee !== 'csv') return;
    const args = argumentsByName(call);
    const pathValue = args.get('path')?.value;
    const path = csvPath(call);
    if (!path || !pathValue) return;
    const header = readCsvHeader(path);
    if (!header.ok) {
        accept('error', header.reason === 'file not found'
            ? `CSV file '${(pathValue as { value: string }).value}' not found (looked for ${path}).`
            : `CSV file '${(pathValue as { value: string }).value}' cannot be read: ${header.reason}.`,
        { node: pathValue });
        return;
    }
    const columns = header.columns;
    const known = new Set(columns);
    const listed = `The file's columns: ${columns.join(', ')}.`;
    const target = args.get('target')?.value;
    const targetName = target ? columnName(target) : undefined;
    const used = new Set<string>();
    const checkColumn = (value: Value, role: string) => {
        const name = columnName(value);
        if (name === undefined) return;
        used.add(name);
        if (!known.has(name)) {
            const suggestions = suggestNames(name, columns);
            accept('error', `Column '${name}' (${role}) is not in ${(pathValue as { value: string }).value}.${didYouMean(suggestions)} ${listed}`,
                { node: value, data: { code: IssueCodes.UnknownColumn, name, suggestions, columns } });
        }
    };
    if (target) checkColumn(target, 'the target');
    const inputs = args.get('inputs')?.value;
    if (isListValue(inputs)) {
        const seen = new Set<string>();
        for (const item of inputs.items) {
            const name = columnName(item);
            if (name === undefined) continue;
            if (name === targetName) {
                accept('error', `'${name}' is the target; it cannot also be an input.`, { node: item });
                continue;
            }
            if (seen.has(name)) {
                accept('error', `Input '${name}' is listed twice.`, { node: item });
                continue;
            }
            seen.add(name);
            checkColumn(item, 'an input');
        }
    }
    if (!target || !isListValue(inputs)) return;
    for (const column of columns) {
        if (!used.has(column)) {
            accept('warning', `Column '${column}' of ${(pathValue as { value: string }).value} is not used by the model (neither the target nor an input).`,
                { node: pathValue, data: { code: IssueCodes.UnusedColumn, name: column } });
        }
    }
}
