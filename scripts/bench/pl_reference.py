"""Particle learning for HS-MoE written the way a statistician would in NumPy: every particle at
once as arrays, one loop over observations (the same algorithm as packages/engine/src/pl/filter.ts,
docs/method.md §2.3, for the speed comparison of scripts/bench/pl-reference.ts; not a test oracle).

Per observation: stick-breaking gate probabilities and the Student-t one-step predictive of every
(particle, expert); evidence increment and weights; systematic resampling; allocation by inverse
CDF; rank-one NIG update of the chosen expert (Cholesky factor of the precision, updated in place);
Polya-Gamma draws (Devroye's sampler) for the sticks at risk and their pseudo-data; then the full
sweep every `sweep_every` observations: Makalic-Schmidt horseshoe Gibbs step for the scales, and
every stick refactorised and redrawn, phi = C^-T (C^-1 r + eps), C = chol(D^-1 + P).

Reads the data as JSON on stdin ({"X": [[...]], "y": [...], "particles": N, "experts": K, ...});
prints one JSON line: CPU seconds of the filter, particle-observations per CPU second and log Z.
"""
import json
import math
import sys
import time

import numpy as np

try:  # SciPy is optional: only the normal CDF of the Polya-Gamma proposal needs it.
    from scipy.special import ndtr as normal_cdf
except ImportError:  # pragma: no cover
    _erfc = np.frompyfunc(math.erfc, 1, 1)

    def normal_cdf(x):
        return 0.5 * _erfc(-np.asarray(x) / math.sqrt(2)).astype(float)

TRUNC = 0.64


def pg_a(n, x):
    """Coefficient a_n(x) of the alternating series of the J*(1, z) density (Devroye)."""
    k = (n + 0.5) * math.pi
    out = np.empty_like(x)
    big = x > TRUNC
    out[big] = k * np.exp(-0.5 * k * k * x[big])
    xs = x[~big]
    out[~big] = np.exp(-1.5 * (math.log(0.5 * math.pi) + np.log(xs)) + math.log(k) - 2.0 * (n + 0.5) ** 2 / xs)
    return out


def pg_truncated_inverse_gaussian(z, rng):
    """IG(1/z, 1) truncated to (0, TRUNC), z >= 0 (vectorised rejection)."""
    x = np.full(z.shape, TRUNC + 1.0)
    small = z < 1 / TRUNC
    idx = np.nonzero(small)[0]
    while idx.size:  # mu > t: from the truncated Levy proposal, accepted with exp(-z^2 x / 2)
        e1 = rng.exponential(size=idx.size)
        e2 = rng.exponential(size=idx.size)
        bad = e1 * e1 > 2 * e2 / TRUNC
        while bad.any():
            e1[bad] = rng.exponential(size=bad.sum())
            e2[bad] = rng.exponential(size=bad.sum())
            bad = e1 * e1 > 2 * e2 / TRUNC
        xx = TRUNC / (1 + e1 * TRUNC) ** 2
        ok = rng.random(idx.size) <= np.exp(-0.5 * z[idx] ** 2 * xx)
        x[idx[ok]] = xx[ok]
        idx = idx[~ok]
    idx = np.nonzero(~small)[0]
    while idx.size:  # mu <= t: inverse Gaussian draws until one falls below t
        mu = 1 / z[idx]
        y = rng.standard_normal(idx.size) ** 2
        my = mu * y
        xx = mu + 0.5 * mu * my - 0.5 * mu * np.sqrt(4 * my + my * my)
        flip = rng.random(idx.size) > mu / (mu + xx)
        xx[flip] = mu[flip] ** 2 / xx[flip]
        ok = xx < TRUNC
        x[idx[ok]] = xx[ok]
        idx = idx[~ok]
    return x


def polya_gamma(c, rng):
    """PG(1, c) for every entry of c (Devroye's exact sampler, vectorised over the entries)."""
    z = np.abs(c) * 0.5
    out = np.empty_like(z)
    fz = math.pi ** 2 / 8 + 0.5 * z * z
    # Mass of the exponential piece of the proposal.
    b = math.sqrt(1 / TRUNC) * (TRUNC * z - 1)
    a = -math.sqrt(1 / TRUNC) * (TRUNC * z + 1)
    x0 = np.log(fz) + fz * TRUNC
    with np.errstate(divide='ignore'):
        qdivp = 4 / math.pi * (np.exp(x0 - z + np.log(normal_cdf(b))) + np.exp(x0 + z + np.log(normal_cdf(a))))
    p_exp = 1 / (1 + qdivp)
    todo = np.arange(z.size)
    while todo.size:
        zz = z[todo]
        x = np.empty(todo.size)
        exp_piece = rng.random(todo.size) < p_exp[todo]
        x[exp_piece] = TRUNC + rng.exponential(size=exp_piece.sum()) / fz[todo][exp_piece]
        if (~exp_piece).any():
            x[~exp_piece] = pg_truncated_inverse_gaussian(zz[~exp_piece], rng)
        s = pg_a(0, x)
        y = rng.random(todo.size) * s
        undecided = np.ones(todo.size, dtype=bool)
        accepted = np.zeros(todo.size, dtype=bool)
        n = 0
        while undecided.any():
            n += 1
            u = np.nonzero(undecided)[0]
            an = pg_a(n, x[u])
            if n % 2 == 1:
                s[u] -= an
                acc = y[u] <= s[u]
                accepted[u[acc]] = True
                undecided[u[acc]] = False
            else:
                s[u] += an
                undecided[u[y[u] > s[u]]] = False
        out[todo[accepted]] = 0.25 * x[accepted]
        todo = todo[~accepted]
    return out


def rank_one_update(L, v):
    """L L' + v v' for a batch of lower factors L (B, d, d), in place; v (B, d) is overwritten."""
    d = L.shape[-1]
    for k in range(d):
        lkk = L[:, k, k]
        r = np.sqrt(lkk * lkk + v[:, k] ** 2)
        c = r / lkk
        s = v[:, k] / lkk
        L[:, k, k] = r
        if k + 1 < d:
            L[:, k + 1:, k] = (L[:, k + 1:, k] + s[:, None] * v[:, k + 1:]) / c[:, None]
            v[:, k + 1:] = c[:, None] * v[:, k + 1:] - s[:, None] * L[:, k + 1:, k]


def forward_solve(L, x):
    """v = L^-1 x for lower factors L (..., d, d) and x (..., d), by columns (d is small)."""
    d = L.shape[-1]
    v = np.empty(np.broadcast_shapes(L.shape[:-1], x.shape))
    for r in range(d):
        v[..., r] = (x[..., r] - np.einsum('...c,...c->...', L[..., r, :r], v[..., :r])) / L[..., r, r]
    return v


def back_solve_t(L, v):
    """w = L^-T v."""
    d = L.shape[-1]
    w = np.empty(v.shape)
    for r in range(d - 1, -1, -1):
        w[..., r] = (v[..., r] - np.einsum('...c,...c->...', L[..., r + 1:, r], w[..., r + 1:])) / L[..., r, r]
    return w


def systematic(W, rng):
    N = W.size
    positions = (rng.random() + np.arange(N)) / N
    idx = np.searchsorted(np.cumsum(W), positions)
    return np.minimum(idx, N - 1)


def run(X, y, N, K, a0, b0, scale, sweep_every, seed):
    rng = np.random.default_rng(seed)
    n, d = X.shape
    S = K - 1
    lgam = np.array([math.lgamma(a0 + 0.5 * k + 0.5) - math.lgamma(a0 + 0.5 * k) - 0.5 * math.log(math.pi) for k in range(n + 1)])
    # Experts: Cholesky factor of the precision, mean, b and count per (particle, expert).
    L = np.broadcast_to(np.eye(d) / math.sqrt(scale), (N, K, d, d)).copy()
    m = np.zeros((N, K, d))
    b = np.full((N, K), float(b0))
    cnt = np.zeros((N, K), dtype=np.int64)
    # Gate: sticks, their pseudo-data, horseshoe scales (every coordinate shrunk, as in the plan).
    M = S * d
    nu = 1 / rng.gamma(0.5, size=(N, M))
    lam2 = (1 / nu) / rng.gamma(0.5, size=(N, M))
    xi = 1 / rng.gamma(0.5, size=N)
    tau2 = (1 / xi) / rng.gamma(0.5, size=N)
    phi = rng.standard_normal((N, S, d)) * np.sqrt(lam2 * tau2[:, None]).reshape(N, S, d)
    P = np.zeros((N, S, d, d))
    r = np.zeros((N, S, d))
    W = np.full(N, 1 / N)
    logZ = 0.0
    rows = np.arange(N)
    started = time.process_time()
    for t in range(n):
        x = X[t]
        psi = phi @ x                                   # (N, S)
        e = np.exp(-np.maximum(psi, -700))
        sig = 1 / (1 + e)
        rest = np.cumprod(np.concatenate([np.ones((N, 1)), e * sig], axis=1), axis=1)  # (N, K)
        pi = rest.copy()
        pi[:, :S] *= sig
        v = forward_solve(L, x)                         # (N, K, d)
        q = np.einsum('nkd,nkd->nk', v, v)
        e_res = y[t] - m @ x
        a = a0 + 0.5 * cnt
        h = 2 * b * (1 + q)
        logp = lgam[cnt] + a * np.log(h) - (a + 0.5) * np.log(h + e_res * e_res)
        top = logp.max()
        joint = pi * np.exp(logp - top)
        w = joint.sum(axis=1)
        lw = np.log(W) + np.log(w) + top
        mx = lw.max()
        inc = mx + math.log(np.exp(lw - mx).sum())
        logZ += inc
        W = np.exp(lw - inc)
        zprob = joint / w[:, None]
        # Resample every step (ESS threshold 1), systematic.
        anc = systematic(W, rng)
        L, m, b, cnt = L[anc], m[anc], b[anc], cnt[anc]
        phi, P, r, lam2, nu, tau2, xi = phi[anc], P[anc], r[anc], lam2[anc], nu[anc], tau2[anc], xi[anc]
        zprob, psi = zprob[anc], psi[anc]
        W = np.full(N, 1 / N)
        # Allocation and the chosen expert's rank-one update.
        z = np.minimum((np.cumsum(zprob, axis=1) < rng.random(N)[:, None]).sum(axis=1), K - 1)
        Lz = L[rows, z]
        vz = forward_solve(Lz, x)
        qz = np.einsum('nd,nd->n', vz, vz)
        ez = y[t] - np.einsum('nd,d->n', m[rows, z], x)
        g = ez / (1 + qz)
        m[rows, z] += back_solve_t(Lz, vz) * g[:, None]
        b[rows, z] += 0.5 * ez * g
        cnt[rows, z] += 1
        rank_one_update(Lz, np.broadcast_to(x, (N, d)).copy())
        L[rows, z] = Lz
        # Polya-Gamma pseudo-data of the sticks at risk, j <= min(z, K-2).
        at_risk = np.arange(S)[None, :] <= np.minimum(z, S - 1)[:, None]
        omega = np.zeros((N, S))
        omega[at_risk] = polya_gamma(psi[at_risk], rng)
        kappa = np.where(np.arange(S)[None, :] == z[:, None], 0.5, -0.5) * at_risk
        P += omega[:, :, None, None] * np.outer(x, x)[None, None]
        r += kappa[:, :, None] * x
        if (t + 1) % sweep_every == 0:
            # Horseshoe scales | phi (Makalic & Schmidt), then every stick | scales, pseudo-data.
            p2 = phi.reshape(N, M) ** 2
            lam2 = np.clip((1 / nu + p2 * (0.5 / tau2)[:, None]) / rng.exponential(size=(N, M)), 1e-12, 1e12)
            nu = (1 + 1 / lam2) / rng.exponential(size=(N, M))
            tau2 = np.clip((1 / xi + 0.5 * (p2 / lam2).sum(axis=1)) / rng.gamma(0.5 * (M + 1), size=N), 1e-12, 1e12)
            xi = (1 + 1 / tau2) / rng.exponential(size=N)
            prec = (1 / (lam2 * tau2[:, None])).reshape(N, S, d)
            C = np.linalg.cholesky(P + prec[..., None] * np.eye(d))
            u = forward_solve(C, r) + rng.standard_normal((N, S, d))
            phi = back_solve_t(C, u)
    return time.process_time() - started, logZ


def main():
    spec = json.load(sys.stdin)
    X = np.array(spec['X'], dtype=float)
    y = np.array(spec['y'], dtype=float)
    N, K = spec['particles'], spec['experts']
    seconds, logZ = run(X, y, N, K, spec['a0'], spec['b0'], spec['scale'], spec['sweepEvery'], spec['seed'])
    print(json.dumps({'cpuSeconds': seconds, 'rate': N * X.shape[0] / seconds, 'logZ': logZ, 'numpy': np.__version__}))


if __name__ == '__main__':
    main()
