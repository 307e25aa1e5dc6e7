;; The Annotated Transformer's LayerNorm and its gradient in WebAssembly SIMD, on the wasm backend's own
;; heap (src/tfjs/layer-norm-kernel.ts). Per row x of C features (src/model/layer-norm.ts has the same
;; formulas as tensor ops):
;;
;;   c = x - mean(x),  σ = sqrt(Σ c² / (C - 1)),  d = σ + eps,  y = a_2 (c / d) + b_2
;;
;; and with g = dy a_2, k = Σ(g c) / (d² σ (C - 1)), dc = g / d - c k:
;;
;;   dx = dc - mean(dc),  da_2 = Σ over rows of dy c / d,  db_2 = Σ over rows of dy.
;;
;; Sums along a row run four lanes at a time, so their rounding differs from a sequential sum in the
;; last bits. Addresses are byte offsets into tfjs-wasm's memory, which this module imports;
;; scripts/vendor.mjs assembles it with a plain and with a shared memory, as batch-matmul.wat.
(module
  (import "env" "memory" (memory 1))

  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; Σ x[j] over the row at $x, C numbers.
  (func $rowSum (param $x i32) (param $C i32) (result f32)
    (local $j i32) (local $acc v128) (local $sum f32) (local $end4 i32)
    (local.set $end4 (i32.and (local.get $C) (i32.const -4)))
    (block $done4 (loop $four
      (br_if $done4 (i32.ge_u (local.get $j) (local.get $end4)))
      (local.set $acc (f32x4.add (local.get $acc) (v128.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $four)))
    (local.set $sum (call $hsum (local.get $acc)))
    (block $done (loop $one
      (br_if $done (i32.ge_u (local.get $j) (local.get $C)))
      (local.set $sum (f32.add (local.get $sum) (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $one)))
    (local.get $sum))

  ;; Σ (x[j] - mean)² over the row at $x.
  (func $rowSquares (param $x i32) (param $C i32) (param $mean f32) (result f32)
    (local $j i32) (local $acc v128) (local $c4 v128) (local $sum f32) (local $c f32) (local $end4 i32)
    (local.set $end4 (i32.and (local.get $C) (i32.const -4)))
    (block $done4 (loop $four
      (br_if $done4 (i32.ge_u (local.get $j) (local.get $end4)))
      (local.set $c4 (f32x4.sub (v128.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))) (f32x4.splat (local.get $mean))))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $c4) (local.get $c4))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $four)))
    (local.set $sum (call $hsum (local.get $acc)))
    (block $done (loop $one
      (br_if $done (i32.ge_u (local.get $j) (local.get $C)))
      (local.set $c (f32.sub (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))) (local.get $mean)))
      (local.set $sum (f32.add (local.get $sum) (f32.mul (local.get $c) (local.get $c))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $one)))
    (local.get $sum))

  ;; y = a_2 (c / d) + b_2 for `rows` rows of C features; x, y [rows, C], a_2 and b_2 [C].
  (func (export "forward") (param $x i32) (param $a i32) (param $b i32) (param $y i32) (param $rows i32) (param $C i32) (param $eps f32)
    (local $r i32) (local $j i32) (local $at i32) (local $end4 i32)
    (local $mean f32) (local $std f32) (local $d f32) (local $mean4 v128) (local $d4 v128)
    (local.set $end4 (i32.and (local.get $C) (i32.const -4)))
    (block $rows_done (loop $each_row
      (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $mean (f32.div (call $rowSum (local.get $x) (local.get $C)) (f32.convert_i32_u (local.get $C))))
      (local.set $std (f32.sqrt (f32.div (call $rowSquares (local.get $x) (local.get $C) (local.get $mean))
                                         (f32.convert_i32_u (i32.sub (local.get $C) (i32.const 1))))))
      (local.set $d (f32.add (local.get $std) (local.get $eps)))
      (local.set $mean4 (f32x4.splat (local.get $mean)))
      (local.set $d4 (f32x4.splat (local.get $d)))
      (local.set $j (i32.const 0))
      (block $done4 (loop $four
        (br_if $done4 (i32.ge_u (local.get $j) (local.get $end4)))
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (v128.store (i32.add (local.get $y) (local.get $at))
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $at)))
                       (f32x4.div (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $at))) (local.get $mean4)) (local.get $d4)))
            (v128.load (i32.add (local.get $b) (local.get $at)))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $four)))
      (block $done (loop $one
        (br_if $done (i32.ge_u (local.get $j) (local.get $C)))
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (f32.store (i32.add (local.get $y) (local.get $at))
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $a) (local.get $at)))
                     (f32.div (f32.sub (f32.load (i32.add (local.get $x) (local.get $at))) (local.get $mean)) (local.get $d)))
            (f32.load (i32.add (local.get $b) (local.get $at)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $one)))
      (local.set $x (i32.add (local.get $x) (i32.shl (local.get $C) (i32.const 2))))
      (local.set $y (i32.add (local.get $y) (i32.shl (local.get $C) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $each_row))))

  ;; dx [rows, C], da_2 and db_2 [C] from dy and x [rows, C] and a_2 [C].
  (func (export "backward") (param $dy i32) (param $x i32) (param $a i32) (param $dx i32) (param $da i32) (param $db i32)
                            (param $rows i32) (param $C i32) (param $eps f32)
    (local $r i32) (local $j i32) (local $at i32) (local $end4 i32)
    (local $mean f32) (local $std f32) (local $d f32) (local $k f32) (local $meanDc f32) (local $gc f32)
    (local $c f32) (local $dyj f32) (local $dc f32)
    (local $mean4 v128) (local $d4 v128) (local $k4 v128) (local $c4 v128) (local $dy4 v128) (local $acc v128) (local $dc4 v128)
    (local.set $end4 (i32.and (local.get $C) (i32.const -4)))
    (memory.fill (local.get $da) (i32.const 0) (i32.shl (local.get $C) (i32.const 2)))
    (memory.fill (local.get $db) (i32.const 0) (i32.shl (local.get $C) (i32.const 2)))
    (block $rows_done (loop $each_row
      (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $mean (f32.div (call $rowSum (local.get $x) (local.get $C)) (f32.convert_i32_u (local.get $C))))
      (local.set $std (f32.sqrt (f32.div (call $rowSquares (local.get $x) (local.get $C) (local.get $mean))
                                         (f32.convert_i32_u (i32.sub (local.get $C) (i32.const 1))))))
      (local.set $d (f32.add (local.get $std) (local.get $eps)))
      (local.set $mean4 (f32x4.splat (local.get $mean)))
      (local.set $d4 (f32x4.splat (local.get $d)))
      ;; Σ g c, with g = dy a_2; and da_2 += dy c / d, db_2 += dy
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (block $done4 (loop $four
        (br_if $done4 (i32.ge_u (local.get $j) (local.get $end4)))
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (local.set $c4 (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $at))) (local.get $mean4)))
        (local.set $dy4 (v128.load (i32.add (local.get $dy) (local.get $at))))
        (local.set $acc (f32x4.add (local.get $acc)
          (f32x4.mul (f32x4.mul (local.get $dy4) (v128.load (i32.add (local.get $a) (local.get $at)))) (local.get $c4))))
        (v128.store (i32.add (local.get $da) (local.get $at))
          (f32x4.add (v128.load (i32.add (local.get $da) (local.get $at))) (f32x4.mul (local.get $dy4) (f32x4.div (local.get $c4) (local.get $d4)))))
        (v128.store (i32.add (local.get $db) (local.get $at))
          (f32x4.add (v128.load (i32.add (local.get $db) (local.get $at))) (local.get $dy4)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $four)))
      (local.set $gc (call $hsum (local.get $acc)))
      (block $done (loop $one
        (br_if $done (i32.ge_u (local.get $j) (local.get $C)))
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (local.set $c (f32.sub (f32.load (i32.add (local.get $x) (local.get $at))) (local.get $mean)))
        (local.set $dyj (f32.load (i32.add (local.get $dy) (local.get $at))))
        (local.set $gc (f32.add (local.get $gc) (f32.mul (f32.mul (local.get $dyj) (f32.load (i32.add (local.get $a) (local.get $at)))) (local.get $c))))
        (f32.store (i32.add (local.get $da) (local.get $at))
          (f32.add (f32.load (i32.add (local.get $da) (local.get $at))) (f32.mul (local.get $dyj) (f32.div (local.get $c) (local.get $d)))))
        (f32.store (i32.add (local.get $db) (local.get $at))
          (f32.add (f32.load (i32.add (local.get $db) (local.get $at))) (local.get $dyj)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $one)))
      (local.set $k (f32.div (local.get $gc)
        (f32.mul (f32.mul (f32.mul (local.get $d) (local.get $d)) (local.get $std)) (f32.convert_i32_u (i32.sub (local.get $C) (i32.const 1))))))
      (local.set $k4 (f32x4.splat (local.get $k)))
      ;; dc = g / d - c k, into dx, and its sum
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (block $done4 (loop $four
        (br_if $done4 (i32.ge_u (local.get $j) (local.get $end4)))
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (local.set $c4 (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $at))) (local.get $mean4)))
        (local.set $dc4 (f32x4.sub
          (f32x4.div (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $at))) (v128.load (i32.add (local.get $a) (local.get $at)))) (local.get $d4))
          (f32x4.mul (local.get $c4) (local.get $k4))))
        (v128.store (i32.add (local.get $dx) (local.get $at)) (local.get $dc4))
        (local.set $acc (f32x4.add (local.get $acc) (local.get $dc4)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $four)))
      (local.set $meanDc (call $hsum (local.get $acc)))
      (block $done (loop $one
        (br_if $done (i32.ge_u (local.get $j) (local.get $C)))
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (local.set $c (f32.sub (f32.load (i32.add (local.get $x) (local.get $at))) (local.get $mean)))
        (local.set $dc (f32.sub
          (f32.div (f32.mul (f32.load (i32.add (local.get $dy) (local.get $at))) (f32.load (i32.add (local.get $a) (local.get $at)))) (local.get $d))
          (f32.mul (local.get $c) (local.get $k))))
        (f32.store (i32.add (local.get $dx) (local.get $at)) (local.get $dc))
        (local.set $meanDc (f32.add (local.get $meanDc) (local.get $dc)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $one)))
      (local.set $meanDc (f32.div (local.get $meanDc) (f32.convert_i32_u (local.get $C))))
      ;; dx = dc - mean(dc)
      (local.set $mean4 (f32x4.splat (local.get $meanDc)))
      (local.set $j (i32.const 0))
      (block $done4 (loop $four
        (br_if $done4 (i32.ge_u (local.get $j) (local.get $end4)))
        (local.set $at (i32.add (local.get $dx) (i32.shl (local.get $j) (i32.const 2))))
        (v128.store (local.get $at) (f32x4.sub (v128.load (local.get $at)) (local.get $mean4)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $four)))
      (block $done (loop $one
        (br_if $done (i32.ge_u (local.get $j) (local.get $C)))
        (local.set $at (i32.add (local.get $dx) (i32.shl (local.get $j) (i32.const 2))))
        (f32.store (local.get $at) (f32.sub (f32.load (local.get $at)) (local.get $meanDc)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $one)))
      (local.set $x (i32.add (local.get $x) (i32.shl (local.get $C) (i32.const 2))))
      (local.set $dy (i32.add (local.get $dy) (i32.shl (local.get $C) (i32.const 2))))
      (local.set $dx (i32.add (local.get $dx) (i32.shl (local.get $C) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $each_row))))
)
