;; One Adam update of n numbers in WebAssembly SIMD, on the wasm backend's own heap (src/tfjs/adam-kernel.ts).
;;
;;   m' = beta1 m + (1 - beta1) g
;;   v' = beta2 v + (1 - beta2) g²
;;   p' = p - (m' / (sqrt(v') / sqrtCorrection2 + eps)) stepSize
;;
;; in float32, one operation at a time in the order of src/training/adam.ts's adamStep (and of
;; torch.optim.Adam), so the numbers are the same: only the passes over memory are fewer (one
;; instead of about ten). Addresses are byte offsets into tfjs-wasm's memory, which this module
;; imports; scripts/vendor.mjs assembles it with a plain and with a shared memory, as batch-matmul.wat.
(module
  (import "env" "memory" (memory 1))

  (func (export "adam")
        (param $p i32) (param $g i32) (param $m i32) (param $v i32)
        (param $pOut i32) (param $mOut i32) (param $vOut i32) (param $n i32)
        (param $beta1 f32) (param $beta2 f32) (param $oneMinusBeta1 f32) (param $oneMinusBeta2 f32)
        (param $stepSize f32) (param $sqrtCorrection2 f32) (param $eps f32)
    (local $i i32) (local $at i32) (local $vectors i32)
    (local $g4 v128) (local $m4 v128) (local $v4 v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    ;; four numbers at a time
    (local.set $vectors (i32.shl (i32.shr_u (local.get $n) (i32.const 2)) (i32.const 4)))
    (block $done4
      (loop $four
        (br_if $done4 (i32.ge_u (local.get $at) (local.get $vectors)))
        (local.set $g4 (v128.load (i32.add (local.get $g) (local.get $at))))
        (local.set $m4 (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $at))) (f32x4.splat (local.get $beta1)))
          (f32x4.mul (local.get $g4) (f32x4.splat (local.get $oneMinusBeta1)))))
        (local.set $v4 (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $at))) (f32x4.splat (local.get $beta2)))
          (f32x4.mul (f32x4.mul (local.get $g4) (local.get $g4)) (f32x4.splat (local.get $oneMinusBeta2)))))
        (v128.store (i32.add (local.get $mOut) (local.get $at)) (local.get $m4))
        (v128.store (i32.add (local.get $vOut) (local.get $at)) (local.get $v4))
        (v128.store (i32.add (local.get $pOut) (local.get $at))
          (f32x4.sub
            (v128.load (i32.add (local.get $p) (local.get $at)))
            (f32x4.mul
              (f32x4.div (local.get $m4)
                (f32x4.add (f32x4.div (f32x4.sqrt (local.get $v4)) (f32x4.splat (local.get $sqrtCorrection2)))
                           (f32x4.splat (local.get $eps))))
              (f32x4.splat (local.get $stepSize)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $four)))
    ;; the last n mod 4, one at a time
    (local.set $i (i32.shr_u (local.get $at) (i32.const 2)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $at))))
        (local.set $ms (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $at))) (local.get $beta1))
          (f32.mul (local.get $gs) (local.get $oneMinusBeta1))))
        (local.set $vs (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $at))) (local.get $beta2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $oneMinusBeta2))))
        (f32.store (i32.add (local.get $mOut) (local.get $at)) (local.get $ms))
        (f32.store (i32.add (local.get $vOut) (local.get $at)) (local.get $vs))
        (f32.store (i32.add (local.get $pOut) (local.get $at))
          (f32.sub
            (f32.load (i32.add (local.get $p) (local.get $at)))
            (f32.mul
              (f32.div (local.get $ms)
                (f32.add (f32.div (f32.sqrt (local.get $vs)) (local.get $sqrtCorrection2)) (local.get $eps)))
              (local.get $stepSize))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $one)))))
