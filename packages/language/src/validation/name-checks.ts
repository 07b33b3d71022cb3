/**
 * Unknown and duplicate names. Bare names are reported here rather than by Langium's linker,
 * because whether `x` must be a prior, a symbol or a column depends on where it stands.
 */
import type { AstNode, Reference, ValidationAcceptor } from 'langium';
import {
    isArgument,
    isPriorDecl,
    type FitDecl,
    type MoeFile,
    type Model,
    type NameValue,
    type PredictDecl,
    type PriorDecl,
    type SplitDecl,
    type Stream
} from '../generated/ast.js';
import { argumentParameter } from '../catalogue/slots.js';
import { IssueCodes } from '../issue-codes.js';
import { didYouMean, suggestNames } from './suggest.js';
import type { MoeServices } from '../moe-module.js';

export class NameChecks {
    constructor(private readonly services: MoeServices) {}

    /** A bare name that must be a prior (a named prior given where a prior belongs, or a prior alias). */
    checkNameValue(value: NameValue, accept: ValidationAcceptor): void {
        if (!this.expectsPrior(value)) return;
        if (value.target.ref) {
            if (isPriorDecl(value.$container) && this.aliasCycle(value.$container)) {
                accept(
                    'error',
                    `Prior '${value.$container.name}' refers to itself through '${value.target.$refText}'.`,
                    { node: value }
                );
            }
            return;
        }
        this.reportUnresolved(value, 'target', value.target, 'prior', accept);
    }

    private expectsPrior(value: NameValue): boolean {
        if (isPriorDecl(value.$container)) return true;
        if (isArgument(value.$container)) return argumentParameter(value.$container)?.type.kind === 'prior';
        return false;
    }

    private aliasCycle(start: PriorDecl): boolean {
        const seen = new Set<PriorDecl>([start]);
        let current: AstNode | undefined = start.distribution;
        while (current && current.$type === 'NameValue') {
            const target: PriorDecl | undefined = (current as NameValue).target.ref;
            if (!target) return false;
            if (seen.has(target)) return true;
            seen.add(target);
            current = target.distribution;
        }
        return false;
    }

    checkSplitSource(split: SplitDecl, accept: ValidationAcceptor): void {
        if (split.source && !split.source.ref)
            this.reportUnresolved(split, 'source', split.source, 'data stream', accept);
    }

    checkFitStream(fit: FitDecl, accept: ValidationAcceptor): void {
        if (fit.train && !fit.train.ref) this.reportUnresolved(fit, 'train', fit.train, 'stream', accept);
    }

    checkPredictStream(predict: PredictDecl, accept: ValidationAcceptor): void {
        if (predict.stream && !predict.stream.ref)
            this.reportUnresolved(predict, 'stream', predict.stream, 'stream', accept);
    }

    private reportUnresolved(
        node: AstNode,
        property: string,
        reference: Reference,
        what: string,
        accept: ValidationAcceptor
    ): void {
        const name = reference.$refText;
        if (!name) return; // a syntax error already
        const candidates = this.candidateNames(node, property);
        const suggestions = suggestNames(name, candidates);
        const hint =
            what === 'prior' && candidates.length === 0
                ? ' Declare it with `prior ' + name + ' = ...` or import a file that does.'
                : '';
        accept('error', `Unknown ${what} '${name}'.${didYouMean(suggestions)}${hint}`, {
            node,
            property: property as never,
            data: { code: IssueCodes.UnknownName, name, expected: what, suggestions }
        });
    }

    /** Names visible at a reference (local and imported), for suggestions. */
    private candidateNames(node: AstNode, property: string): string[] {
        const reference = (node as unknown as Record<string, Reference>)[property];
        const scope = this.services.references.ScopeProvider.getScope({ container: node, property, reference });
        return scope
            .getAllElements()
            .map(d => d.name)
            .toArray();
    }

    /** Priors and models declared twice in a file. */
    checkFileDuplicates(file: MoeFile, accept: ValidationAcceptor): void {
        const seen = new Map<string, PriorDecl>();
        for (const prior of file.priors) {
            if (!prior.name) continue;
            if (seen.has(prior.name)) {
                accept(
                    'error',
                    `Prior '${prior.name}' is already declared on line ${(seen.get(prior.name)!.$cstNode?.range.start.line ?? 0) + 1}.`,
                    { node: prior, property: 'name', data: { code: IssueCodes.DuplicateName, name: prior.name } }
                );
            } else {
                seen.set(prior.name, prior);
            }
        }
    }

    /** Streams (data declarations and split parts) declared twice in a model. */
    checkModelDuplicates(model: Model, accept: ValidationAcceptor): void {
        const seen = new Map<string, Stream>();
        for (const statement of model.statements) {
            const streams: Stream[] =
                statement.$type === 'DataDecl' ? [statement] : statement.$type === 'SplitDecl' ? statement.parts : [];
            for (const stream of streams) {
                if (!stream.name) continue;
                if (seen.has(stream.name)) {
                    accept('error', `Stream '${stream.name}' is already declared in this model.`, {
                        node: stream,
                        property: 'name',
                        data: { code: IssueCodes.DuplicateName, name: stream.name }
                    });
                } else {
                    seen.set(stream.name, stream);
                }
            }
        }
    }
}
