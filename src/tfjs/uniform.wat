;; tf.randomUniform's float32 values in WebAssembly SIMD (src/tfjs/uniform.ts): eight chains of
;; alea's sequence stepped side by side, two float64 lanes to a vector, written straight into a tensor
;; on the wasm backend's heap.
;;
;;   fill(out, n, state, min, range): chain k (0 to 7) writes out[k n + i] = min + range s2 for i < n,
;;   each step being alea's
;;       t = a s0 + c 2^-32;  s0 = s1;  s1 = s2;  c = trunc(t);  s2 = t - c      (a = 2091639)
;;   The chains' states are read from `state` and their last states written back there: for the pair
;;   p of chains 2p and 2p + 1, s0, s1, s2 and c as float64x2 at state + 64 p + 0, 16, 32 and 48.
;;
;; Every operation is the scalar code's, in the same order and in float64, rounded as JavaScript
;; rounds it (WebAssembly fuses no multiply and add); the value is rounded to float32 as a store into
;; a Float32Array rounds it. So the values are tf.randomUniform's bit for bit (test/unit/uniform.test.ts).
;; t stays below 2^22, so trunc_sat truncates as JavaScript's `| 0` does.
;;
;; Addresses are byte offsets into tfjs-wasm's memory, which this module imports; scripts/vendor.mjs
;; assembles it with a plain and with a shared memory, as batch-matmul.wat.
(module
  (import "env" "memory" (memory 1))

  (func (export "fill") (param $out i32) (param $n i32) (param $state i32) (param $min f64) (param $range f64)
    (local $s0_0 v128) (local $s1_0 v128) (local $s2_0 v128) (local $c_0 v128)
    (local $s0_1 v128) (local $s1_1 v128) (local $s2_1 v128) (local $c_1 v128)
    (local $s0_2 v128) (local $s1_2 v128) (local $s2_2 v128) (local $c_2 v128)
    (local $s0_3 v128) (local $s1_3 v128) (local $s2_3 v128) (local $c_3 v128)
    (local $a v128) (local $unit v128) (local $min2 v128) (local $range2 v128) (local $t v128) (local $v v128)
    (local $d1 i32) (local $d2 i32) (local $d3 i32) (local $d4 i32) (local $d5 i32) (local $d6 i32) (local $d7 i32)
    (local $at i32) (local $end i32)
    (local.set $a (v128.const f64x2 2091639 2091639))
    (local.set $unit (v128.const f64x2 2.3283064365386963e-10 2.3283064365386963e-10))
    (local.set $min2 (f64x2.splat (local.get $min)))
    (local.set $range2 (f64x2.splat (local.get $range)))
    ;; chain k writes at out + d_k + 4 i
    (local.set $d1 (i32.mul (local.get $n) (i32.const 4)))
    (local.set $d2 (i32.mul (local.get $n) (i32.const 8)))
    (local.set $d3 (i32.mul (local.get $n) (i32.const 12)))
    (local.set $d4 (i32.mul (local.get $n) (i32.const 16)))
    (local.set $d5 (i32.mul (local.get $n) (i32.const 20)))
    (local.set $d6 (i32.mul (local.get $n) (i32.const 24)))
    (local.set $d7 (i32.mul (local.get $n) (i32.const 28)))
    (local.set $s0_0 (v128.load offset=0 (local.get $state)))
    (local.set $s1_0 (v128.load offset=16 (local.get $state)))
    (local.set $s2_0 (v128.load offset=32 (local.get $state)))
    (local.set $c_0 (v128.load offset=48 (local.get $state)))
    (local.set $s0_1 (v128.load offset=64 (local.get $state)))
    (local.set $s1_1 (v128.load offset=80 (local.get $state)))
    (local.set $s2_1 (v128.load offset=96 (local.get $state)))
    (local.set $c_1 (v128.load offset=112 (local.get $state)))
    (local.set $s0_2 (v128.load offset=128 (local.get $state)))
    (local.set $s1_2 (v128.load offset=144 (local.get $state)))
    (local.set $s2_2 (v128.load offset=160 (local.get $state)))
    (local.set $c_2 (v128.load offset=176 (local.get $state)))
    (local.set $s0_3 (v128.load offset=192 (local.get $state)))
    (local.set $s1_3 (v128.load offset=208 (local.get $state)))
    (local.set $s2_3 (v128.load offset=224 (local.get $state)))
    (local.set $c_3 (v128.load offset=240 (local.get $state)))
    (local.set $at (local.get $out))
    (local.set $end (i32.add (local.get $out) (i32.mul (local.get $n) (i32.const 4))))
    (block $done
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (loop $step
        ;; chains 0 and 1
        (local.set $t (f64x2.add (f64x2.mul (local.get $a) (local.get $s0_0)) (f64x2.mul (local.get $c_0) (local.get $unit))))
        (local.set $s0_0 (local.get $s1_0))
        (local.set $s1_0 (local.get $s2_0))
        (local.set $c_0 (f64x2.convert_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $t))))
        (local.set $s2_0 (f64x2.sub (local.get $t) (local.get $c_0)))
        (local.set $v (f32x4.demote_f64x2_zero (f64x2.add (local.get $min2) (f64x2.mul (local.get $range2) (local.get $s2_0)))))
        (f32.store (local.get $at) (f32x4.extract_lane 0 (local.get $v)))
        (f32.store (i32.add (local.get $at) (local.get $d1)) (f32x4.extract_lane 1 (local.get $v)))
        ;; chains 2 and 3
        (local.set $t (f64x2.add (f64x2.mul (local.get $a) (local.get $s0_1)) (f64x2.mul (local.get $c_1) (local.get $unit))))
        (local.set $s0_1 (local.get $s1_1))
        (local.set $s1_1 (local.get $s2_1))
        (local.set $c_1 (f64x2.convert_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $t))))
        (local.set $s2_1 (f64x2.sub (local.get $t) (local.get $c_1)))
        (local.set $v (f32x4.demote_f64x2_zero (f64x2.add (local.get $min2) (f64x2.mul (local.get $range2) (local.get $s2_1)))))
        (f32.store (i32.add (local.get $at) (local.get $d2)) (f32x4.extract_lane 0 (local.get $v)))
        (f32.store (i32.add (local.get $at) (local.get $d3)) (f32x4.extract_lane 1 (local.get $v)))
        ;; chains 4 and 5
        (local.set $t (f64x2.add (f64x2.mul (local.get $a) (local.get $s0_2)) (f64x2.mul (local.get $c_2) (local.get $unit))))
        (local.set $s0_2 (local.get $s1_2))
        (local.set $s1_2 (local.get $s2_2))
        (local.set $c_2 (f64x2.convert_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $t))))
        (local.set $s2_2 (f64x2.sub (local.get $t) (local.get $c_2)))
        (local.set $v (f32x4.demote_f64x2_zero (f64x2.add (local.get $min2) (f64x2.mul (local.get $range2) (local.get $s2_2)))))
        (f32.store (i32.add (local.get $at) (local.get $d4)) (f32x4.extract_lane 0 (local.get $v)))
        (f32.store (i32.add (local.get $at) (local.get $d5)) (f32x4.extract_lane 1 (local.get $v)))
        ;; chains 6 and 7
        (local.set $t (f64x2.add (f64x2.mul (local.get $a) (local.get $s0_3)) (f64x2.mul (local.get $c_3) (local.get $unit))))
        (local.set $s0_3 (local.get $s1_3))
        (local.set $s1_3 (local.get $s2_3))
        (local.set $c_3 (f64x2.convert_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $t))))
        (local.set $s2_3 (f64x2.sub (local.get $t) (local.get $c_3)))
        (local.set $v (f32x4.demote_f64x2_zero (f64x2.add (local.get $min2) (f64x2.mul (local.get $range2) (local.get $s2_3)))))
        (f32.store (i32.add (local.get $at) (local.get $d6)) (f32x4.extract_lane 0 (local.get $v)))
        (f32.store (i32.add (local.get $at) (local.get $d7)) (f32x4.extract_lane 1 (local.get $v)))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br_if $step (i32.lt_u (local.get $at) (local.get $end)))))
    (v128.store offset=0 (local.get $state) (local.get $s0_0))
    (v128.store offset=16 (local.get $state) (local.get $s1_0))
    (v128.store offset=32 (local.get $state) (local.get $s2_0))
    (v128.store offset=48 (local.get $state) (local.get $c_0))
    (v128.store offset=64 (local.get $state) (local.get $s0_1))
    (v128.store offset=80 (local.get $state) (local.get $s1_1))
    (v128.store offset=96 (local.get $state) (local.get $s2_1))
    (v128.store offset=112 (local.get $state) (local.get $c_1))
    (v128.store offset=128 (local.get $state) (local.get $s0_2))
    (v128.store offset=144 (local.get $state) (local.get $s1_2))
    (v128.store offset=160 (local.get $state) (local.get $s2_2))
    (v128.store offset=176 (local.get $state) (local.get $c_2))
    (v128.store offset=192 (local.get $state) (local.get $s0_3))
    (v128.store offset=208 (local.get $state) (local.get $s1_3))
    (v128.store offset=224 (local.get $state) (local.get $s2_3))
    (v128.store offset=240 (local.get $state) (local.get $c_3))))
