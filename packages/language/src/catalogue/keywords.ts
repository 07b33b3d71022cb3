/** Documentation of the language's keywords (hover, completion details). */
export const KEYWORD_DOCS: Readonly<Record<string, string>> = {
    import: '`import "file.moe"`: makes the priors declared in that file (path relative to this file) visible here.',
    prior: '`prior name = distribution(...)`: a named, reusable prior that experts and gates refer to by name; '
        + 'other files can import it.',
    model: '`model name { ... }`: a mixture-of-experts model: its data, experts, gate, and how it is fitted.',
    data: '`data name = source(...)`: a data stream: a CSV file (`csv`) or a synthetic generator '
        + '(`sparse_experts`, `hierarchical`, `shift`).',
    split: '`split stream into train = 0.8, test = 0.2`: cuts a stream into consecutive parts, by fraction of its rows '
        + 'or by `rows(start, end)`; each part is a stream of the model.',
    into: 'Introduces the parts of a `split`.',
    experts: '`experts y ~ family(count = K, ...)`: the experts: their number, family (gaussian or bernoulli) and priors. '
        + 'The optional name is the response (checked against the CSV target).',
    gate: '`gate ~ kind(...)`: the gating network that routes each input to the experts: stick_breaking (particle '
        + 'learning), softmax, laplace, or a two-level hierarchy (EM).',
    fit: '`fit method(...) on stream`: how the model is fitted (particle_learning or em) and to which stream; without '
        + '`on`, the stream named `train`, or the only stream.',
    on: 'Names the stream a `fit` uses.',
    predict: '`predict stream intervals = [0.5, 0.9]`: held-out predictive checks on a stream (log predictive density, '
        + 'RMSE and the coverage of central predictive intervals at the given levels). Without it, a stream named `test` '
        + 'is used if there is one.',
    intervals: 'Levels of the central predictive intervals whose coverage is reported, each in (0, 1).',
    true: 'Boolean true.',
    false: 'Boolean false.'
};
