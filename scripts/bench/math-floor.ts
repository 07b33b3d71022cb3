/**
 * What one value of the elementary functions behind the held-out predictive and the gates costs
 * on this machine, and how much of it other ways of computing them could save:
 *  - `Math.exp`, `Math.log1p`, `Math.atan` in a loop (V8's fdlibm ports; a stick of the gate is
 *    1 / (1 + exp(-x'phi)), a Student-t component of a held-out row an atan, a log1p and an exp);
 *  - exp written out in JavaScript (Cody-Waite reduction, degree-13 Taylor polynomial, 2^k from a
 *    table): no call, but the same latency-bound chain of multiplies and adds;
 *  - the same polynomial in WebAssembly, one lane (f64) and two lanes (f64x2 SIMD, the widest
 *    WebAssembly has for doubles). It is within about 1 ulp of Math.exp but not equal to it, so it
 *    could not replace Math.exp without changing the numbers of a plan and seed;
 *  - Math.exp's own algorithm in two lanes (gate-rows.wat: the same bits, checked here on every
 *    branch), alone and inside the held-out predictive's gate kernel against the JavaScript
 *    kernel the engine runs (pl/kernels/gate-probabilities-rows.ts; also checked bit for bit).
 * The variants take turns in each round; ns per value (per row and stick for the kernels),
 * median over the rounds, and ratios within each round. MATH_FLOOR_ROUNDS sets the rounds (7).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { unrolledGateProbabilitiesRows } from '../../packages/engine/src/pl/kernels/gate-probabilities-rows.js';
import { Rng } from '../../packages/engine/src/random/rng.js';

// Loaded from node_modules, not bundled: its emscripten loader finds its files by __dirname.
const wabtInit = createRequire(import.meta.url)('wabt') as typeof import('wabt');

const rounds = Number(process.env.MATH_FLOOR_ROUNDS ?? 7);
const n = 1 << 20;
const repeats = 8;

const LOG2E = Math.LOG2E;
// fdlibm's split of ln 2: LN2_HI has trailing zero bits, so k * LN2_HI is exact for |k| < 2^11.
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
/** 1/j!, j = 0..13: the Taylor polynomial of exp on |r| <= ln2/2 (remainder below 4e-18). */
const taylor = Array.from({ length: 14 }, (_, j) => {
    let f = 1;
    for (let i = 2; i <= j; i++) f *= i;
    return 1 / f;
});

const pow2 = new Float64Array(2098);
for (let k = -1074; k <= 1023; k++) pow2[k + 1074] = 2 ** k;

/**
 * exp(x) for x in [-700, 700] by the polynomial, 2^k from the table: straight-line code with the
 * coefficients as literals, as the engine's generated kernels are (a loop over an array, or
 * constants read from module bindings, is twice as slow).
 */
const polynomialExp = new Function(
    'pow2',
    `return function polynomialExp(x) {
        const k = Math.round(x * ${LOG2E});
        const r = x - k * ${LN2_HI} - k * ${LN2_LO};
        const p = ${taylor.map(a => `${a} + r * (`).join('')}0${')'.repeat(taylor.length)};
        return p * pow2[k + 1074];
    };`
)(pow2) as (x: number) => number;

/**
 * The same polynomial as WebAssembly text for one lane type: out[i] = 1 / (1 + exp(x[i])) with x
 * clamped to [-700, 700] (the gate's clamp), 2^k built from its exponent bits.
 */
function logisticWat(simd: boolean): string {
    const t = simd ? 'f64x2' : 'f64';
    const c = (v: number) => (simd ? `(f64x2.splat (f64.const ${v}))` : `(f64.const ${v})`);
    const width = simd ? 2 : 1;
    const horner = taylor
        .slice(0, 13)
        .reverse()
        .map(a => `(local.set $p (${t}.add ${c(a)} (${t}.mul (local.get $r) (local.get $p))))`)
        .join('\n');
    const scale = simd
        ? '(i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $k))) (i64x2.splat (i64.const 1023))) (i32.const 52))'
        : '(f64.reinterpret_i64 (i64.shl (i64.add (i64.trunc_f64_s (local.get $k)) (i64.const 1023)) (i64.const 52)))';
    const body = `
      (local.set $v (${t}.min (${t}.max (${simd ? 'v128' : 'f64'}.load (local.get $x)) ${c(-700)}) ${c(700)}))
      (local.set $k (${t}.nearest (${t}.mul (local.get $v) ${c(LOG2E)})))
      (local.set $r (${t}.sub (${t}.sub (local.get $v) (${t}.mul (local.get $k) ${c(LN2_HI)}))
                              (${t}.mul (local.get $k) ${c(LN2_LO)})))
      (local.set $p ${c(taylor[13])})
      ${horner}
      (${simd ? 'v128' : 'f64'}.store (local.get $o)
        (${t}.div ${c(1)} (${t}.add ${c(1)} (${t}.mul (local.get $p) ${scale}))))`;
    return lanesModule(width, ['v', 'k', 'r', 'p'], body);
}

/** A module whose `logistic(x, o, n)` runs `body` over n doubles, `width` at a time. */
function lanesModule(width: number, locals: string[], body: string): string {
    const type = width === 2 ? 'v128' : 'f64';
    return `(module
  (memory (export "memory") ${Math.ceil((16 * n) / 65536)})
  (func (export "logistic") (param $x i32) (param $o i32) (param $n i32)
    (local $i i32) ${locals.map(l => `(local $${l} ${type})`).join(' ')}
    (loop $rows
      ${body}
      (local.set $x (i32.add (local.get $x) (i32.const ${8 * width})))
      (local.set $o (i32.add (local.get $o) (i32.const ${8 * width})))
      (local.set $i (i32.add (local.get $i) (i32.const ${width})))
      (br_if $rows (i32.lt_u (local.get $i) (local.get $n))))))`;
}

const wabt = await wabtInit();
function instantiate(name: string, wat: string): Record<string, unknown> & { memory: WebAssembly.Memory } {
    const parsed = wabt.parseWat(name, wat, { simd: true });
    try {
        parsed.validate();
        const { buffer } = parsed.toBinary({});
        const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(buffer)));
        return instance.exports as Record<string, unknown> & { memory: WebAssembly.Memory };
    } finally {
        parsed.destroy();
    }
}
type Lanes = (x: number, out: number, n: number) => void;
/** 2^20 inputs and outputs in an instance's memory, and one pass of `fn` over them. */
function lanes(exports: Record<string, unknown> & { memory: WebAssembly.Memory }, fn: string) {
    const pages = Math.ceil((16 * n) / 65536) - exports.memory.buffer.byteLength / 65536;
    if (pages > 0) exports.memory.grow(pages);
    const x = new Float64Array(exports.memory.buffer, 0, n);
    const out = new Float64Array(exports.memory.buffer, 8 * n, n);
    const f = exports[fn] as Lanes;
    return { x, out, run: () => f(0, 8 * n, n) };
}
const wasm1 = lanes(instantiate('logistic-f64.wat', logisticWat(false)), 'logistic');
const wasm2 = lanes(instantiate('logistic-f64x2.wat', logisticWat(true)), 'logistic');
const gateRowsWat = readFileSync('scripts/bench/gate-rows.wat', 'utf8');
const fdlibm2 = lanes(instantiate('gate-rows.wat', gateRowsWat), 'logisticLanes');
const fdlibmExp2 = lanes(instantiate('gate-rows.wat', gateRowsWat), 'expLanes');

// Gate arguments: x'phi over the range the held-out rows see (|x'phi| up to about 20).
const rng = new Rng(12345);
const x = new Float64Array(n);
for (let i = 0; i < n; i++) x[i] = (rng.uniform() - 0.5) * 40;
wasm1.x.set(x);
wasm2.x.set(x);
fdlibm2.x.set(x);
const out = new Float64Array(n);
const clamp = (v: number) => (v < 700 ? (v > -700 ? v : -700) : 700);

const variants: Record<string, () => void> = {
    'Math.exp (1 / (1 + exp))': () => {
        for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(clamp(x[i])));
    },
    'polynomial exp in JavaScript': () => {
        for (let i = 0; i < n; i++) out[i] = 1 / (1 + polynomialExp(clamp(x[i])));
    },
    'polynomial exp, WebAssembly f64': wasm1.run,
    'polynomial exp, WebAssembly f64x2': wasm2.run,
    "Math.exp's algorithm, WebAssembly f64x2": fdlibm2.run,
    'Math.log1p (log1p(x^2))': () => {
        for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i] * x[i]);
    },
    'Math.atan': () => {
        for (let i = 0; i < n; i++) out[i] = Math.atan(x[i]);
    }
};

// How far the polynomial is from Math.exp (why it is measured, not used).
let maxUlps = 0;
for (let i = 0; i < n; i++) {
    const e = Math.exp(clamp(x[i]));
    const ulp = 2 ** (Math.floor(Math.log2(e)) - 52);
    maxUlps = Math.max(maxUlps, Math.abs(polynomialExp(clamp(x[i])) - e) / ulp);
}
wasm2.run();
let maxRelative = 0;
for (let i = 0; i < n; i++) {
    const exact = 1 / (1 + Math.exp(clamp(x[i])));
    maxRelative = Math.max(maxRelative, Math.abs(wasm2.out[i] - exact) / exact);
}

// Math.exp's algorithm in two lanes against Math.exp, bit for bit, on every branch: magnitudes
// log-uniform from 1e-300 to 745.2 of both signs (below 2^-28, within 0.5 ln2 and 1.5 ln2,
// beyond, subnormal results, underflow to 0, overflow), the branch boundaries, x = 1, +-0,
// +-infinity and NaN.
const edges = [
    ...[0, 1, 2 ** -28, 0.5 * Math.LN2, 1.5 * Math.LN2, 700, 708.4, 709.78, 745.1332191019411].flatMap(v =>
        [v, v * (1 + 2 ** -52), v * (1 - 2 ** -52)].flatMap(w => [w, -w])
    ),
    Infinity,
    -Infinity,
    NaN
];
for (let i = 0; i < n; i++) {
    const magnitude = Math.exp(Math.log(1e-300) + rng.uniform() * (Math.log(745.2) - Math.log(1e-300)));
    fdlibmExp2.x[i] = i < edges.length ? edges[i] : i % 2 ? magnitude : -magnitude;
}
fdlibmExp2.run();
let mismatches = 0;
for (let i = 0; i < n; i++) if (!Object.is(fdlibmExp2.out[i], Math.exp(fdlibmExp2.x[i]))) mismatches++;

const names = Object.keys(variants);
const perValue: Record<string, number[]> = Object.fromEntries(names.map(k => [k, []]));
const ratios: Record<string, number[]> = Object.fromEntries(names.map(k => [k, []]));
for (const name of names) variants[name](); // compile each before timing
for (let round = 0; round < rounds; round++) {
    const seconds: Record<string, number> = {};
    for (const name of names) {
        const started = process.hrtime.bigint();
        for (let r = 0; r < repeats; r++) variants[name]();
        seconds[name] = Number(process.hrtime.bigint() - started) / 1e9;
    }
    for (const name of names) {
        perValue[name].push((seconds[name] * 1e9) / (repeats * n));
        ratios[name].push(seconds[names[0]] / seconds[name]);
    }
}
const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(`${n.toLocaleString('en-US')} values, ${repeats} passes a round, ${rounds} rounds taking turns`);
for (const name of names)
    console.log(
        `${name.padEnd(40)} ${median(perValue[name]).toFixed(1).padStart(6)} ns per value   ` +
            `Math.exp's time / this: ${median(ratios[name]).toFixed(2)} (${Math.min(...ratios[name]).toFixed(2)}-${Math.max(...ratios[name]).toFixed(2)})`
    );
console.log(
    `polynomial exp against Math.exp: at most ${maxUlps.toFixed(2)} ulp apart; the f64x2 logistic within ${maxRelative.toExponential(1)} relative; ` +
        `Math.exp's algorithm in two lanes: ${mismatches} of ${n.toLocaleString('en-US')} values differ from Math.exp's bits (every branch)`
);

// The gate kernel of the held-out predictive: one particle at a block of 16 rows, K = 10 experts
// (9 sticks), d = 6 columns, 1,000 particles, as on the main example; JavaScript (the engine's)
// against the two-lane kernel, with the same sticks and rows in both.
const particles = 1000;
const sticks = 9;
const d = 6;
const block = 16;
const gate = instantiate('gate-rows.wat', gateRowsWat);
const phiBytes = particles * sticks * d * 8;
const rowsAt = phiBytes;
const outAt = rowsAt + block * d * 8;
gate.memory.grow(Math.ceil((outAt + block * (sticks + 1) * 8) / 65536));
const phi = new Float64Array(gate.memory.buffer, 0, particles * sticks * d);
const rowsWasm = new Float64Array(gate.memory.buffer, rowsAt, block * d);
const outWasm = new Float64Array(gate.memory.buffer, outAt, block * (sticks + 1));
const gateRows = gate.gateRows as (
    phi: number,
    X: number,
    d: number,
    sticks: number,
    count: number,
    out: number
) => void;
const gateJs = unrolledGateProbabilitiesRows(d, sticks);
const rowsJs = new Float64Array(block * d);
const outJs = new Float64Array(block * (sticks + 1));
const uniform = () => rng.uniform() - 0.5;
// Bit for bit: blocks of 1 to 16 rows (odd ones fill one lane), sticks up to |x'phi| of about
// 1,000 (past the clamp at 700 and exp's underflow), then ordinary ones for the timing.
let gateMismatches = 0;
for (let trial = 0; trial < 32; trial++) {
    const wide = trial % 4 === 0 ? 200 : 3;
    for (let i = 0; i < phi.length; i++) phi[i] = uniform() * wide;
    for (let i = 0; i < rowsJs.length; i++) rowsJs[i] = uniform() * 3;
    rowsWasm.set(rowsJs);
    const count = 1 + (trial % block);
    for (let p = 0; p < particles; p++) {
        gateRows(8 * p * sticks * d, rowsAt, d, sticks, count, outAt);
        gateJs(phi, p * sticks * d, rowsJs, 0, count, outJs);
        for (let k = 0; k < count * (sticks + 1); k++) if (!Object.is(outJs[k], outWasm[k])) gateMismatches++;
    }
}
const kernels: Record<string, () => void> = {
    'gate kernel, JavaScript (the engine)': () => {
        for (let p = 0; p < particles; p++) gateJs(phi, p * sticks * d, rowsJs, 0, block, outJs);
    },
    "gate kernel, WebAssembly f64x2 with Math.exp's algorithm": () => {
        for (let p = 0; p < particles; p++) gateRows(8 * p * sticks * d, rowsAt, d, sticks, block, outAt);
    }
};
const kernelNames = Object.keys(kernels);
const kernelNs: Record<string, number[]> = Object.fromEntries(kernelNames.map(k => [k, []]));
const kernelRatio: number[] = [];
for (const name of kernelNames) kernels[name]();
for (let round = 0; round < rounds; round++) {
    const seconds = kernelNames.map(name => {
        const started = process.hrtime.bigint();
        for (let r = 0; r < 40; r++) kernels[name]();
        return Number(process.hrtime.bigint() - started) / 1e9;
    });
    kernelNames.forEach((name, i) => kernelNs[name].push((seconds[i] * 1e9) / (40 * particles * block * sticks)));
    kernelRatio.push(seconds[0] / seconds[1]);
}
for (const name of kernelNames)
    console.log(`${name.padEnd(58)} ${median(kernelNs[name]).toFixed(1).padStart(6)} ns per row and stick`);
console.log(
    `JavaScript kernel's time / two-lane kernel's: ${median(kernelRatio).toFixed(2)} (${Math.min(...kernelRatio).toFixed(2)}-${Math.max(...kernelRatio).toFixed(2)}); ` +
        `${gateMismatches} probabilities differ in their bits over ${(32 * particles).toLocaleString('en-US')} particle blocks of 1 to 16 rows`
);
