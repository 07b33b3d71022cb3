;; The held-out predictive's gate kernel (packages/engine/src/pl/kernels/gate-probabilities-rows.ts)
;; in WebAssembly SIMD, two rows at a time in the two lanes of f64x2, for scripts/bench/math-floor.ts:
;; the operations of the JavaScript kernel in the same order (WebAssembly, like JavaScript, never
;; fuses a multiply and an add), with exp computed by V8's own algorithm, so the same numbers bit
;; for bit (the benchmark checks both). It measures what vectorising the kernel would buy.
(module
  (memory (export "memory") 1)

  ;; exp in two lanes: V8's Math.exp (fdlibm's e_exp.c as in V8's src/base/ieee754.cc), branch
  ;; for branch. Every branch is computed in both lanes and each lane keeps the one fdlibm takes
  ;; for it, chosen by the same tests on the high word of |x|.
  (func $exp (param $v v128) (result v128)
    (local $ahx v128) (local $big v128) (local $sign v128) (local $kf v128) (local $hi v128)
    (local $lo v128) (local $xr v128) (local $t v128) (local $c v128) (local $xc v128) (local $y v128)
    (local $k v128) (local $e v128)
    (local.set $ahx (v128.and (i64x2.shr_u (local.get $v) (i32.const 32)) (i64x2.splat (i64.const 0x7fffffff))))
    (local.set $sign (v128.and (local.get $v) (i64x2.splat (i64.const 0x8000000000000000))))
    ;; |x| > 0.5 ln2: reduce by k ln2. k = +-1 below 1.5 ln2, else (int)(x / ln2 +- 0.5).
    (local.set $big (i64x2.gt_s (local.get $ahx) (i64x2.splat (i64.const 0x3fd62e42))))
    (local.set $kf
      (v128.bitselect
        (v128.or (f64x2.splat (f64.const 1)) (local.get $sign))
        (f64x2.trunc
          (f64x2.add
            (f64x2.mul (f64x2.splat (f64.const 1.44269504088896338700e+00)) (local.get $v))
            (v128.or (f64x2.splat (f64.const 0.5)) (local.get $sign))))
        (v128.and (local.get $big) (i64x2.lt_s (local.get $ahx) (i64x2.splat (i64.const 0x3ff0a2b2))))))
    ;; hi = x - k ln2HI (exact), lo = k ln2LO
    (local.set $hi (f64x2.sub (local.get $v) (f64x2.mul (local.get $kf) (f64x2.splat (f64.const 6.93147180369123816490e-01)))))
    (local.set $lo (f64x2.mul (local.get $kf) (f64x2.splat (f64.const 1.90821492927058770002e-10))))
    (local.set $xr (v128.bitselect (f64x2.sub (local.get $hi) (local.get $lo)) (local.get $v) (local.get $big)))
    (local.set $t (f64x2.mul (local.get $xr) (local.get $xr)))
    (local.set $c
      (f64x2.sub (local.get $xr)
        (f64x2.mul (local.get $t)
          (f64x2.add (f64x2.splat (f64.const 1.66666666666666019037e-01))
            (f64x2.mul (local.get $t)
              (f64x2.add (f64x2.splat (f64.const -2.77777777770155933842e-03))
                (f64x2.mul (local.get $t)
                  (f64x2.add (f64x2.splat (f64.const 6.61375632143793436117e-05))
                    (f64x2.mul (local.get $t)
                      (f64x2.add (f64x2.splat (f64.const -1.65339022054652515390e-06))
                        (f64x2.mul (local.get $t) (f64x2.splat (f64.const 4.13813679705723846039e-08)))))))))))))
    (local.set $xc (f64x2.mul (local.get $xr) (local.get $c)))
    ;; k != 0: y = 1 - ((lo - xc / (2 - c)) - hi), scaled by 2^k; below k = -1021 by
    ;; 2^(k + 1000) and then 2^-1000, so that a subnormal result rounds once, as fdlibm's does.
    (local.set $y
      (f64x2.sub (f64x2.splat (f64.const 1))
        (f64x2.sub
          (f64x2.sub (local.get $lo) (f64x2.div (local.get $xc) (f64x2.sub (f64x2.splat (f64.const 2)) (local.get $c))))
          (local.get $hi))))
    (local.set $k (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $kf))))
    (local.set $e
      (v128.bitselect
        (f64x2.mul
          (f64x2.mul (local.get $y)
            (i64x2.shl (i64x2.add (local.get $k) (i64x2.splat (i64.const 2023))) (i32.const 52)))
          (f64x2.splat (f64.const 9.33263618503218878990e-302)))
        (f64x2.mul (local.get $y)
          (i64x2.shl (i64x2.add (local.get $k) (i64x2.splat (i64.const 1023))) (i32.const 52)))
        (i64x2.lt_s (local.get $k) (i64x2.splat (i64.const -1021)))))
    ;; k = 1024 (just below the overflow threshold): y 2 2^1023
    (local.set $e
      (v128.bitselect
        (f64x2.mul (f64x2.mul (local.get $y) (f64x2.splat (f64.const 2))) (f64x2.splat (f64.const 8.988465674311579539e307)))
        (local.get $e)
        (i64x2.eq (local.get $k) (i64x2.splat (i64.const 1024)))))
    ;; k = 0 (|x| <= 0.5 ln2): 1 - (x c / (c - 2) - x)
    (local.set $e
      (v128.bitselect
        (local.get $e)
        (f64x2.sub (f64x2.splat (f64.const 1))
          (f64x2.sub (f64x2.div (local.get $xc) (f64x2.sub (local.get $c) (f64x2.splat (f64.const 2)))) (local.get $xr)))
        (local.get $big)))
    ;; |x| < 2^-28: 1 + x
    (local.set $e
      (v128.bitselect (f64x2.add (f64x2.splat (f64.const 1)) (local.get $v)) (local.get $e)
        (i64x2.lt_s (local.get $ahx) (i64x2.splat (i64.const 0x3e300000)))))
    ;; x = 1: V8 returns E itself (the reduction would get its last bit wrong)
    (local.set $e
      (v128.bitselect (f64x2.splat (f64.const 2.718281828459045)) (local.get $e)
        (f64x2.eq (local.get $v) (f64x2.splat (f64.const 1)))))
    ;; |x| >= 709.78...: above 709.78 +inf, below -745.13 +0, NaN itself; +-inf: +inf, +0
    (v128.bitselect
      (v128.bitselect
        (f64x2.splat (f64.const inf))
        (v128.bitselect
          (f64x2.splat (f64.const 0))
          (f64x2.add (local.get $v) (local.get $v))
          (f64x2.lt (local.get $v) (f64x2.splat (f64.const -7.45133219101941108420e+02))))
        (f64x2.gt (local.get $v) (f64x2.splat (f64.const 7.09782712893383973096e+02))))
      (local.get $e)
      (v128.or
        (v128.or
          (f64x2.gt (local.get $v) (f64x2.splat (f64.const 7.09782712893383973096e+02)))
          (f64x2.lt (local.get $v) (f64x2.splat (f64.const -7.45133219101941108420e+02))))
        (f64x2.ne (local.get $v) (local.get $v)))))

  ;; out[i] = 1 / (1 + exp(x[i])) for x clamped to [-700, 700], i < n (n even; byte offsets).
  (func (export "logisticLanes") (param $x i32) (param $out i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $out)
          (f64x2.div (f64x2.splat (f64.const 1))
            (f64x2.add (f64x2.splat (f64.const 1))
              (call $exp
                (f64x2.min (f64x2.max (v128.load (local.get $x)) (f64x2.splat (f64.const -700)))
                  (f64x2.splat (f64.const 700)))))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $each))))

  ;; out[i] = exp(x[i]), i < n (n even; byte offsets).
  (func (export "expLanes") (param $x i32) (param $out i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $out) (call $exp (v128.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $each))))

  ;; The stick-breaking gate of one particle at `count` rows: phi holds its sticks' coefficients
  ;; (sticks x d doubles), X the rows (count x d), out receives count x (sticks + 1) probabilities;
  ;; byte offsets. Rows r and r + 1 share the lanes; a last odd row fills both lanes and stores one.
  (func (export "gateRows") (param $phi i32) (param $X i32) (param $d i32) (param $sticks i32)
    (param $count i32) (param $out i32)
    (local $r i32) (local $j i32) (local $c i32) (local $rowA i32) (local $rowB i32) (local $two i32)
    (local $f i32) (local $oA i32) (local $oB i32) (local $rowBytes i32) (local $outRow i32)
    (local $p v128) (local $e v128) (local $s v128) (local $rest v128)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $outRow (i32.shl (i32.add (local.get $sticks) (i32.const 1)) (i32.const 3)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $two (i32.lt_u (i32.add (local.get $r) (i32.const 1)) (local.get $count)))
        (local.set $rowA (i32.add (local.get $X) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $rowB (select (i32.add (local.get $rowA) (local.get $rowBytes)) (local.get $rowA) (local.get $two)))
        (local.set $oA (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $outRow))))
        (local.set $oB (select (i32.add (local.get $oA) (local.get $outRow)) (local.get $oA) (local.get $two)))
        (local.set $rest (f64x2.splat (f64.const 1)))
        (local.set $f (local.get $phi))
        (local.set $j (i32.const 0))
        (block $sticksDone
          (loop $eachStick
            (br_if $sticksDone (i32.ge_u (local.get $j) (local.get $sticks)))
            ;; p = sum_c x_c phi_jc, from 0, in column order
            (local.set $p (f64x2.splat (f64.const 0)))
            (local.set $c (i32.const 0))
            (block $colsDone
              (loop $cols
                (br_if $colsDone (i32.ge_u (local.get $c) (local.get $rowBytes)))
                (local.set $p
                  (f64x2.add (local.get $p)
                    (f64x2.mul
                      (v128.load64_lane 1
                        (i32.add (local.get $rowB) (local.get $c))
                        (v128.load64_splat (i32.add (local.get $rowA) (local.get $c))))
                      (v128.load64_splat (i32.add (local.get $f) (local.get $c))))))
                (local.set $c (i32.add (local.get $c) (i32.const 8)))
                (br $cols)))
            ;; e = exp(p > -700 ? -p : 700); s = 1 / (1 + e); out = rest s; rest *= e s
            (local.set $e
              (call $exp
                (v128.bitselect (f64x2.neg (local.get $p)) (f64x2.splat (f64.const 700))
                  (f64x2.gt (local.get $p) (f64x2.splat (f64.const -700))))))
            (local.set $s (f64x2.div (f64x2.splat (f64.const 1)) (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e))))
            (local.set $p (f64x2.mul (local.get $rest) (local.get $s)))
            (v128.store64_lane 0 (local.get $oA) (local.get $p))
            (if (local.get $two) (then (v128.store64_lane 1 (local.get $oB) (local.get $p))))
            (local.set $rest (f64x2.mul (local.get $rest) (f64x2.mul (local.get $e) (local.get $s))))
            (local.set $oA (i32.add (local.get $oA) (i32.const 8)))
            (local.set $oB (i32.add (local.get $oB) (i32.const 8)))
            (local.set $f (i32.add (local.get $f) (local.get $rowBytes)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $eachStick)))
        (v128.store64_lane 0 (local.get $oA) (local.get $rest))
        (if (local.get $two) (then (v128.store64_lane 1 (local.get $oB) (local.get $rest))))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $rows))))
)
