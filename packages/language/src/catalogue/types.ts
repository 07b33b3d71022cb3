/**
 * Shapes of the parameter catalogue: what every callable name of the language (distributions,
 * data sources, expert families, gates, inference methods) takes, with types, defaults, valid
 * ranges and documentation. The validator checks against it, the compiler fills defaults from it,
 * and completion and hover read it.
 */

/** Where a callable may appear. */
export type Category =
    | 'distribution'   // prior distributions: `prior x = normal(...)`, and nested priors
    | 'source'         // data streams: `data d = csv(...)`
    | 'split'          // parts of a split: `train = rows(0, 100)`
    | 'expert-family'  // `experts ~ gaussian(...)`
    | 'gate'           // `gate ~ stick_breaking(...)`
    | 'gate-level'     // a level of a hierarchy: `outer = softmax(branches = 2)`
    | 'inference';     // `fit em(...)`

/** What kind of prior a distribution is, i.e. where it may be used. */
export type PriorType = 'coefficients' | 'variance' | 'scale' | 'shrinkage';

/** Seeds: any non-negative safe integer (the engine's generator takes [0, 2^53)). */
export const SEED_TYPE = { kind: 'number', integer: true, min: 0, max: Number.MAX_SAFE_INTEGER } as const;

export const PRIOR_TYPE_LABELS: Record<PriorType, string> = {
    coefficients: 'a coefficient prior (normal)',
    variance: 'a variance prior (inverse_gamma)',
    scale: 'a scale prior (half_cauchy)',
    shrinkage: 'a shrinkage prior (horseshoe)'
};

export type ParamType =
    | { kind: 'number'; integer?: boolean; min?: number; minExclusive?: boolean; max?: number; maxExclusive?: boolean }
    | { kind: 'boolean' }
    | { kind: 'string' }
    /** One bare name out of a fixed set, e.g. `systematic`; with `perBranch`, also a list of them. */
    | { kind: 'symbol'; values: readonly string[]; perBranch?: boolean }
    /** A column of the stream's CSV file, a bare name. */
    | { kind: 'column' }
    /** A list of CSV columns, `[x1, x2]`. */
    | { kind: 'columns' }
    /** A prior: a named prior or an inline distribution call of one of these types. */
    | { kind: 'prior'; accepts: readonly PriorType[] }
    /** A level of a hierarchical gate: `softmax(branches = 2)` or `laplace(branches = 2)`. */
    | { kind: 'gate-level' }
    /**
     * Numbers nested `rank` deep (1: a vector `[1, 2]`, 2: a matrix, 3: a list of matrices).
     * `scalar`: a single number is also accepted (it applies to every entry).
     */
    | { kind: 'numbers'; rank: 1 | 2 | 3; scalar?: boolean; positive?: boolean };

/** A default value as the compiler fills it in. A call default is an inline distribution or level. */
export type DefaultValue =
    | number | boolean | string
    | readonly DefaultValue[]
    | { readonly call: string; readonly args: Readonly<Record<string, DefaultValue>> };

export interface ParamSpec {
    name: string;
    type: ParamType;
    /** Absent when the parameter is required or when its default is another parameter's value (`sameAs`). */
    default?: DefaultValue;
    required?: boolean;
    /** May be given without `name =`, in this order, before the named ones. */
    positional?: boolean;
    /** The default is the value of this other parameter of the same call, given or defaulted. */
    sameAs?: string;
    doc: string;
}

export interface CallableSpec {
    name: string;
    category: Category;
    /** Also valid in these categories (e.g. `softmax` is a gate and a gate level). */
    alsoIn?: readonly Category[];
    /** For distributions: which kind of prior they are. */
    priorType?: PriorType;
    params: readonly ParamSpec[];
    doc: string;
}
