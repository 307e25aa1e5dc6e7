;; Element-wise kernels in WebAssembly SIMD, on the wasm backend's own heap (src/tfjs/wasm-kernels.ts),
;; four float32 lanes at a time, over n elements from x to out (they may be the same address):
;;
;;   exp:    out = e^x. wasm's Exp calls the C library's expf one element at a time, about ten times
;;           slower; log-softmax runs it over [tokens, V] twice a step (forward and backward).
;;   log:    out = ln x. The same for logf: the label-smoothing loss takes the log of [tokens, V].
;;   select: out = cond ? a : b, cond one byte an element (tfjs's bool).
;;
;; exp and log are Cephes's expf and logf (S. L. Moshier): a range reduction, a polynomial, and the
;; exponent put back; within about 2 units in the last place of the exact result, with the C
;; library's answers at the edges: exp(NaN) = NaN, exp(-inf) = 0, exp(x > 88.72...) = inf, results
;; below 2^-126 gradual; log(0) = -inf, log(x < 0) = log(NaN) = NaN, log(inf) = inf, subnormal x exact.
;; The last n mod 4 elements go through a 16-byte buffer at $tail (in the caller's scratch), so no
;; lane reads or writes past the arrays.
;;
;; Addresses are byte offsets into tfjs-wasm's memory, which this module imports; scripts/vendor.mjs
;; assembles it with a plain and with a shared memory, as batch-matmul.wat.
(module
  (import "env" "memory" (memory 1))

  ;; e^x for four lanes.
  (func $exp4 (param $x v128) (result v128)
    (local $c v128) (local $n v128) (local $r v128) (local $y v128) (local $k v128) (local $half v128)
    ;; x clamped to [-104, 88.7228...]: e^-104 rounds to 0 in float32, above the top the result is inf (set at the end)
    (local.set $c (f32x4.max (f32x4.min (local.get $x) (v128.const f32x4 88.72283935546875 88.72283935546875 88.72283935546875 88.72283935546875))
                             (v128.const f32x4 -104 -104 -104 -104)))
    ;; n = round(x / ln 2), r = x - n ln 2 in two parts (ln 2 = 0.693359375 - 2.12194440e-4), |r| <= ln 2 / 2
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $c) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
    (local.set $r (f32x4.sub (local.get $c) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    ;; e^r = 1 + r + r^2 P(r)
    (local.set $y (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $y (f32x4.add (f32x4.add (f32x4.mul (f32x4.mul (local.get $y) (local.get $r)) (local.get $r)) (local.get $r))
                             (v128.const f32x4 1 1 1 1)))
    ;; times 2^n as 2^(n >> 1) 2^(n - (n >> 1)): both factors are normal floats for every n in [-150, 128]
    (local.set $k (i32x4.trunc_sat_f32x4_s (local.get $n)))
    (local.set $half (i32x4.shr_s (local.get $k) (i32.const 1)))
    (local.set $y (f32x4.mul (local.get $y) (i32x4.shl (i32x4.add (local.get $half) (v128.const i32x4 127 127 127 127)) (i32.const 23))))
    (local.set $y (f32x4.mul (local.get $y) (i32x4.shl (i32x4.add (i32x4.sub (local.get $k) (local.get $half)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))
    ;; above the clamp: inf (NaN stays NaN: it was NaN all along)
    (v128.bitselect (v128.const f32x4 inf inf inf inf) (local.get $y)
      (f32x4.gt (local.get $x) (v128.const f32x4 88.72283935546875 88.72283935546875 88.72283935546875 88.72283935546875))))

  ;; ln x for four lanes.
  (func $log4 (param $x v128) (result v128)
    (local $v v128) (local $e v128) (local $m v128) (local $small v128) (local $z v128) (local $y v128)
    ;; subnormal x: scaled by 2^23 first, 23 taken off the exponent
    (local.set $small (f32x4.lt (local.get $x) (v128.const f32x4 1.17549435e-38 1.17549435e-38 1.17549435e-38 1.17549435e-38)))
    (local.set $v (v128.bitselect (f32x4.mul (local.get $x) (v128.const f32x4 8388608 8388608 8388608 8388608)) (local.get $x) (local.get $small)))
    ;; v = m 2^e with m in [0.5, 1)
    (local.set $e (i32x4.sub (i32x4.shr_u (local.get $v) (i32.const 23)) (v128.const i32x4 126 126 126 126)))
    (local.set $e (i32x4.sub (local.get $e) (v128.and (local.get $small) (v128.const i32x4 23 23 23 23))))
    (local.set $m (v128.or (v128.and (local.get $v) (v128.const i32x4 0x007fffff 0x007fffff 0x007fffff 0x007fffff)) (v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000)))
    ;; m below sqrt(1/2): 2m - 1 and e - 1, else m - 1; m is then in [sqrt(1/2) - 1, sqrt(2) - 1)
    (local.set $small (f32x4.lt (local.get $m) (v128.const f32x4 0.707106781186547524 0.707106781186547524 0.707106781186547524 0.707106781186547524)))
    (local.set $e (i32x4.add (local.get $e) (local.get $small))) ;; the mask is -1 in those lanes
    (local.set $m (f32x4.sub (f32x4.add (local.get $m) (v128.and (local.get $m) (local.get $small))) (v128.const f32x4 1 1 1 1)))
    (local.set $e (f32x4.convert_i32x4_s (local.get $e)))
    ;; ln(1 + m) = m - m^2 / 2 + m^3 P(m)
    (local.set $z (f32x4.mul (local.get $m) (local.get $m)))
    (local.set $y (v128.const f32x4 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $m)) (v128.const f32x4 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $m)) (v128.const f32x4 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $m)) (v128.const f32x4 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $m)) (v128.const f32x4 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $m)) (v128.const f32x4 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $m)) (v128.const f32x4 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $m)) (v128.const f32x4 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $m)) (v128.const f32x4 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1)))
    (local.set $y (f32x4.mul (f32x4.mul (local.get $y) (local.get $m)) (local.get $z)))
    ;; + e ln 2, ln 2 in two parts (0.693359375 - 2.12194440e-4), the small one first
    (local.set $y (f32x4.add (local.get $y) (f32x4.mul (local.get $e) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $y (f32x4.sub (local.get $y) (f32x4.mul (local.get $z) (v128.const f32x4 0.5 0.5 0.5 0.5))))
    (local.set $y (f32x4.add (f32x4.add (local.get $m) (local.get $y)) (f32x4.mul (local.get $e) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    ;; the edges: inf for inf, -inf for 0, NaN below 0 and for NaN (x != x)
    (local.set $y (v128.bitselect (v128.const f32x4 inf inf inf inf) (local.get $y) (f32x4.eq (local.get $x) (v128.const f32x4 inf inf inf inf))))
    (local.set $y (v128.bitselect (v128.const f32x4 -inf -inf -inf -inf) (local.get $y) (f32x4.eq (local.get $x) (v128.const f32x4 0 0 0 0))))
    (v128.bitselect (v128.const f32x4 nan nan nan nan) (local.get $y)
      (v128.or (f32x4.lt (local.get $x) (v128.const f32x4 0 0 0 0)) (f32x4.ne (local.get $x) (local.get $x)))))

  ;; out[i] = f(x[i]) for i < n, f = $exp4 (which 0) or $log4 (which 1); the tail through $tail.
  (func $unary (param $x i32) (param $out i32) (param $n i32) (param $tail i32) (param $which i32)
    (local $end i32) (local $rest i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $four
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $out)
          (if (result v128) (local.get $which) (then (call $log4 (v128.load (local.get $x)))) (else (call $exp4 (v128.load (local.get $x))))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $four)))
    (local.set $rest (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2)))
    (if (local.get $rest)
      (then
        (v128.store (local.get $tail) (v128.const f32x4 1 1 1 1))
        (memory.copy (local.get $tail) (local.get $x) (local.get $rest))
        (v128.store (local.get $tail)
          (if (result v128) (local.get $which) (then (call $log4 (v128.load (local.get $tail)))) (else (call $exp4 (v128.load (local.get $tail))))))
        (memory.copy (local.get $out) (local.get $tail) (local.get $rest)))))

  (func (export "exp") (param $x i32) (param $out i32) (param $n i32) (param $tail i32)
    (call $unary (local.get $x) (local.get $out) (local.get $n) (local.get $tail) (i32.const 0)))

  (func (export "log") (param $x i32) (param $out i32) (param $n i32) (param $tail i32)
    (call $unary (local.get $x) (local.get $out) (local.get $n) (local.get $tail) (i32.const 1)))

  ;; out[i] = cond[i] ? a[i] : b[i] for i < n (cond: bytes, 0 false); four at a time, then one at a time.
  (func (export "select") (param $cond i32) (param $a i32) (param $b i32) (param $out i32) (param $n i32)
    (local $i i32) (local $four i32) (local $mask v128)
    (local.set $four (i32.and (local.get $n) (i32.const -4)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $four)))
        ;; four bytes widened to four i32 lanes, each all ones where its byte is not 0
        (local.set $mask (i32x4.ne (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (i32.add (local.get $cond) (local.get $i)))))
                                   (v128.const i32x4 0 0 0 0)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (v128.bitselect (v128.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
                          (v128.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2))))
                          (local.get $mask)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $each)))
    (block $rest_done
      (loop $rest
        (br_if $rest_done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (select (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
                  (i32.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2))))
                  (i32.load8_u (i32.add (local.get $cond) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rest)))))
