/**
 * What one value of the elementary functions behind the held-out predictive and the gates costs
 * on this machine, and how much of it other ways of computing them could save:
 *  - `Math.exp`, `Math.log1p`, `Math.atan` in a loop (V8's fdlibm ports; a stick of the gate is
 *    1 / (1 + exp(-x'phi)), a Student-t component of a held-out row an atan, a log1p and an exp);
 *  - exp written out in JavaScript (Cody-Waite reduction, degree-13 Taylor polynomial, 2^k from a
 *    table): no call, but the same latency-bound chain of multiplies and adds;
 *  - the same polynomial in WebAssembly, one lane (f64) and two lanes (f64x2 SIMD, the widest
 *    WebAssembly has for doubles).
 * The polynomial is within about 1.5 ulp of Math.exp but not equal to it, so it cannot replace
 * Math.exp without changing the numbers of a plan and seed; it is here to measure the floor.
 * The variants take turns in each round over the same 2^20 inputs; ns per value, median over the
 * rounds, and ratios to Math.exp within each round. MATH_FLOOR_ROUNDS sets the rounds (default 7).
 */
import { createRequire } from 'node:module';

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

/**
 * V8's Math.exp (fdlibm's e_exp.c, src/base/ieee754.cc) in two lanes, branch for branch, each
 * branch computed in both lanes and the lane's own chosen by its high word as fdlibm chooses:
 * the same operations in the same order, so the same bits (checked below). Arguments are clamped
 * to [-700, 700], so fdlibm's overflow, underflow and subnormal branches are left out.
 */
function fdlibmWat(logistic: boolean): string {
    const c = (v: number) => `(f64x2.splat (f64.const ${v}))`;
    const i = (v: string) => `(i64x2.splat (i64.const ${v}))`;
    const get = (name: string) => `(local.get $${name})`;
    const P = [
        1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5, -1.6533902205465251539e-6,
        4.13813679705723846039e-8
    ];
    const locals = ['v', 'ahx', 'big', 'mid', 'sign', 'kf', 'hi', 'lo', 'xr', 't', 'c', 'xc', 'e'];
    const body = `
      (local.set $v (f64x2.min (f64x2.max (v128.load (local.get $x)) ${c(-700)}) ${c(700)}))
      (local.set $ahx (v128.and (i64x2.shr_u ${get('v')} (i32.const 32)) ${i('0x7fffffff')}))
      (local.set $big (i64x2.gt_s ${get('ahx')} ${i('0x3fd62e42')}))
      (local.set $mid (v128.and ${get('big')} (i64x2.lt_s ${get('ahx')} ${i('0x3ff0a2b2')})))
      (local.set $sign (v128.and ${get('v')} ${i('0x8000000000000000')}))
      ;; k: +-1 for 0.5 ln2 < |x| < 1.5 ln2, (int)(x / ln2 +- 0.5) above (below, k = 0 and x stays)
      (local.set $kf (v128.bitselect (v128.or ${c(1)} ${get('sign')})
        (f64x2.trunc (f64x2.add (f64x2.mul ${c(1.442695040888963387)} ${get('v')}) (v128.or ${c(0.5)} ${get('sign')})))
        ${get('mid')}))
      (local.set $hi (f64x2.sub ${get('v')} (f64x2.mul ${get('kf')} ${c(LN2_HI)})))
      (local.set $lo (f64x2.mul ${get('kf')} ${c(LN2_LO)}))
      (local.set $xr (v128.bitselect (f64x2.sub ${get('hi')} ${get('lo')}) ${get('v')} ${get('big')}))
      (local.set $t (f64x2.mul ${get('xr')} ${get('xr')}))
      (local.set $c (f64x2.sub ${get('xr')} (f64x2.mul ${get('t')}
        ${P.slice(0, 4)
            .map(a => `(f64x2.add ${c(a)} (f64x2.mul ${get('t')} `)
            .join('')}${c(P[4])}${'))'.repeat(4)})))
      (local.set $xc (f64x2.mul ${get('xr')} ${get('c')}))
      (local.set $e (v128.bitselect
        (f64x2.mul
          (f64x2.sub ${c(1)} (f64x2.sub (f64x2.sub ${get('lo')} (f64x2.div ${get('xc')} (f64x2.sub ${c(2)} ${get('c')}))) ${get('hi')}))
          (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero ${get('kf')})) ${i('1023')}) (i32.const 52)))
        (f64x2.sub ${c(1)} (f64x2.sub (f64x2.div ${get('xc')} (f64x2.sub ${get('c')} ${c(2)})) ${get('xr')}))
        ${get('big')}))
      ;; |x| < 2^-28: 1 + x; x = 1: E (V8's special case)
      (local.set $e (v128.bitselect (f64x2.add ${c(1)} ${get('v')}) ${get('e')} (i64x2.lt_s ${get('ahx')} ${i('0x3e300000')})))
      (local.set $e (v128.bitselect ${c(Math.E)} ${get('e')} (f64x2.eq ${get('v')} ${c(1)})))
      (v128.store (local.get $o) ${logistic ? `(f64x2.div ${c(1)} (f64x2.add ${c(1)} ${get('e')}))` : get('e')})`;
    return lanesModule(2, locals, body);
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
function logisticModule(wat: string) {
    const parsed = wabt.parseWat('logistic.wat', wat, { simd: true });
    const { buffer } = parsed.toBinary({});
    parsed.destroy();
    const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(buffer)));
    const { memory, logistic } = instance.exports as {
        memory: WebAssembly.Memory;
        logistic: (x: number, o: number, n: number) => void;
    };
    const x = new Float64Array(memory.buffer, 0, n);
    const out = new Float64Array(memory.buffer, 8 * n, n);
    return { x, out, run: () => logistic(0, 8 * n, n) };
}
const wasm1 = logisticModule(logisticWat(false));
const wasm2 = logisticModule(logisticWat(true));
const fdlibm2 = logisticModule(fdlibmWat(true));
const fdlibmExp2 = logisticModule(fdlibmWat(false));

// Gate arguments: x'phi over the range the held-out rows see (|x'phi| up to about 20).
const x = new Float64Array(n);
let seed = 12345;
for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    x[i] = (seed / 2 ** 32 - 0.5) * 40;
}
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

// The two-lane Math.exp (its exp alone) against Math.exp, bit for bit, on every branch: magnitudes log-uniform
// from 1e-12 to 700 of both signs (below 2^-28, within 0.5 ln2 and 1.5 ln2, beyond), the
// branch boundaries and x = 1.
const edges = [0, -0, 1, -1, 2 ** -28, 0.5 * Math.LN2, 1.5 * Math.LN2, 700, -700].flatMap(v => [
    v,
    v * (1 + 2 ** -52),
    v * (1 - 2 ** -52)
]);
for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const magnitude = Math.exp(Math.log(1e-12) + (seed / 2 ** 32) * (Math.log(700) - Math.log(1e-12)));
    fdlibmExp2.x[i] = i < edges.length ? edges[i] : i % 2 ? magnitude : -magnitude;
}
fdlibmExp2.run();
let mismatches = 0;
for (let i = 0; i < n; i++) if (!Object.is(fdlibmExp2.out[i], Math.exp(clamp(fdlibmExp2.x[i])))) mismatches++;

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
