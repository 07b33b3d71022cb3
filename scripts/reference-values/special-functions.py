"""Reference values of the engine's special functions, computed once with mpmath at 50 digits.

    python3 scripts/reference-values/special-functions.py > test/engine/reference/special-functions.json

Each entry is [arguments..., value] with the value rounded to 17 significant digits (a double
read back from it is the correctly rounded reference). The arguments span each function's
domain as the engine uses it: small and large arguments, the reflection and recurrence
regions, both tails of the distribution functions.
"""
import json
import mpmath as mp

mp.mp.dps = 50


def num(x):
    return float(mp.nstr(x, 17, min_fixed=-1, max_fixed=-1)) if mp.isfinite(x) else None


positive = [1e-8, 1e-3, 0.1, 0.5, 0.999, 1, 1.5, 2, 2.5, 3.7, 5.99, 6, 6.01, 10, 25.5, 100, 1e3, 1e5, 1e10]
gamma_args = positive + [-0.5, -1.5, -2.25]
table = {
    "logGamma": [[x, num(mp.log(abs(mp.gamma(x))))] for x in gamma_args],
    "digamma": [[x, num(mp.digamma(x))] for x in positive],
    "trigamma": [[x, num(mp.psi(1, x))] for x in positive],
    "incompleteBeta": [
        [a, b, x, num(mp.betainc(a, b, 0, x, regularized=True))]
        for a in [0.5, 1, 2.5, 10, 50, 500]
        for b in [0.5, 1, 3, 30]
        for x in [1e-6, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-6]
    ],
    "erf": [[x, num(mp.erf(x))] for x in [-6, -2, -0.5, -1e-9, 0, 1e-9, 0.1, 0.46875, 0.5, 1, 2, 4, 5.9, 6, 10]],
    "erfc": [[x, num(mp.erfc(x))] for x in [-6, -2, -0.5, 0, 0.1, 0.46875, 0.5, 1, 2, 4, 10, 20, 26.5]],
    "erfcx": [[x, num(mp.exp(x * x) * mp.erfc(x))] for x in [-5, -1, 0, 0.1, 0.46875, 0.5, 1, 4, 10, 26.6, 100, 1e4, 1e8]],
    "normalCdf": [[u, num(mp.ncdf(u))] for u in [-37, -20, -8, -3, -1, -0.1, 0, 0.1, 1, 3, 8]],
    # log Phi(u) = log1p(-Phi(-u)) for u > 0, so the upper tail is not lost to rounding.
    "normalLogCdf": [[u, num(mp.log(mp.ncdf(u)) if u <= 0 else mp.log1p(-mp.ncdf(-u)))] for u in [-1e4, -200, -37, -20, -8, -3, -1, 0, 1, 3, 8, 20]],
    # The root of Phi(x) = p, found on the CDF itself (erfinv(2p - 1) loses p below 1e-50).
    "normalQuantile": [[p, num(mp.findroot(lambda x, p=p: mp.log(mp.ncdf(x)) - mp.log(p), mp.sqrt(2) * mp.erfinv(2 * mp.mpf(max(p, 1e-40)) - 1)))]
                       for p in [1e-300, 1e-20, 1e-8, 0.001, 0.02425, 0.1, 0.5, 0.9, 0.97575, 0.999, 1 - 1e-12]],
    # F(u) = I_{nu/(nu+u^2)}(nu/2, 1/2) / 2 for u < 0, 1 minus that for u > 0: no cancellation in the lower tail.
    "studentTCdf": [
        [u, nu, num((lambda t: t if u <= 0 else 1 - t)(mp.betainc(mp.mpf(nu) / 2, mp.mpf(1) / 2, 0, nu / (nu + mp.mpf(u) ** 2), regularized=True) / 2))]
        for nu in [0.5, 1, 2.5, 4, 10, 30, 1000]
        for u in [-50, -5, -1, -0.1, 0, 0.3, 2, 8, 100]
    ],
}
print(json.dumps(table, indent=1))
