/**
 * The parts of a model and the streams it fits and checks on. Shared by the validator and the
 * compiler so that both agree on which stream is the training stream.
 */
import {
    isDataDecl,
    isExpertsDecl,
    isFitDecl,
    isGateDecl,
    isPredictDecl,
    isSplitDecl,
    isSplitPart,
    type DataDecl,
    type ExpertsDecl,
    type FitDecl,
    type GateDecl,
    type Model,
    type PredictDecl,
    type SplitDecl,
    type Stream
} from '../generated/ast.js';

export interface ModelParts {
    data: DataDecl[];
    splits: SplitDecl[];
    experts: ExpertsDecl[];
    gates: GateDecl[];
    fits: FitDecl[];
    predicts: PredictDecl[];
}

export function modelParts(model: Model): ModelParts {
    const parts: ModelParts = { data: [], splits: [], experts: [], gates: [], fits: [], predicts: [] };
    for (const s of model.statements) {
        if (isDataDecl(s)) parts.data.push(s);
        else if (isSplitDecl(s)) parts.splits.push(s);
        else if (isExpertsDecl(s)) parts.experts.push(s);
        else if (isGateDecl(s)) parts.gates.push(s);
        else if (isFitDecl(s)) parts.fits.push(s);
        else if (isPredictDecl(s)) parts.predicts.push(s);
    }
    return parts;
}

/** Streams a model can fit or check on: the parts of splits, and data streams that are not split. */
export function usableStreams(parts: ModelParts): Stream[] {
    const splitSources = new Set(parts.splits.map(s => s.source?.ref).filter(d => d !== undefined));
    const streams: Stream[] = parts.data.filter(d => !splitSources.has(d));
    for (const split of parts.splits) streams.push(...split.parts);
    return streams;
}

/** The training stream: `fit ... on S`, else the stream named `train`, else the only stream. */
export function trainStream(parts: ModelParts): Stream | undefined {
    const fit = parts.fits[0];
    if (fit?.train) return fit.train.ref;
    const streams = usableStreams(parts);
    return streams.find(s => s.name === 'train') ?? (streams.length === 1 ? streams[0] : undefined);
}

/** The held-out stream: `predict S`, else a stream named `test` other than the training stream. */
export function testStream(parts: ModelParts): Stream | undefined {
    const predict = parts.predicts[0];
    if (predict) return predict.stream?.ref;
    const train = trainStream(parts);
    return usableStreams(parts).find(s => s.name === 'test' && s !== train);
}

/** The data declaration a stream reads (a split part reads its split's source). */
export function sourceDecl(stream: Stream | undefined): DataDecl | undefined {
    if (isDataDecl(stream)) return stream;
    if (isSplitPart(stream)) return stream.$container.source?.ref;
    return undefined;
}
