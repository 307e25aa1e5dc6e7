;; Row operations in WebAssembly SIMD, on the wasm backend's own heap, for X [rows, width] row-major:
;;
;;   columnSum: out[c] = sum over r of X[r, c], in float32, adding the rows in order. This is tf.sum
;;              over leading axes (src/tfjs/wasm-kernels.ts): a bias gradient.
;;   addRow:    X[r, c] += v[c] for every r, in place: a bias added to a product (src/tfjs/linear-kernel.ts).
;;   addRowsAt: out[ids[r], c] += X[r, c] for every r, in order, into out [outRows, width] zeroed first:
;;              an embedding's gradient (src/tfjs/lookup-kernel.ts). The caller checks that every id is
;;              in [0, outRows).
;;
;; Addresses are byte offsets into tfjs-wasm's memory, which this module imports; scripts/vendor.mjs
;; assembles it with a plain and with a shared memory, as batch-matmul.wat.
(module
  (import "env" "memory" (memory 1))

  (func (export "columnSum") (param $x i32) (param $out i32) (param $rows i32) (param $width i32)
    (local $r i32) (local $c i32) (local $row i32) (local $vectors i32)
    (local.set $vectors (i32.and (local.get $width) (i32.const -4)))
    (memory.fill (local.get $out) (i32.const 0) (i32.shl (local.get $width) (i32.const 2)))
    (local.set $row (local.get $x))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        ;; four columns at a time
        (local.set $c (i32.const 0))
        (block $four_done
          (loop $four
            (br_if $four_done (i32.ge_u (local.get $c) (local.get $vectors)))
            (v128.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
              (f32x4.add
                (v128.load (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
                (v128.load (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2))))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $four)))
        ;; the last width mod 4 columns
        (block $one_done
          (loop $one
            (br_if $one_done (i32.ge_u (local.get $c) (local.get $width)))
            (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
              (f32.add
                (f32.load (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
                (f32.load (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2))))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $one)))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $width) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))
  (func (export "addRow") (param $x i32) (param $v i32) (param $rows i32) (param $width i32)
    (local $r i32) (local $c i32) (local $at i32) (local $vectors i32)
    (local.set $vectors (i32.and (local.get $width) (i32.const -4)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $four_done
          (loop $four
            (br_if $four_done (i32.ge_u (local.get $c) (local.get $vectors)))
            (local.set $at (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
            (v128.store (local.get $at)
              (f32x4.add (v128.load (local.get $at)) (v128.load (i32.add (local.get $v) (i32.shl (local.get $c) (i32.const 2))))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $four)))
        (block $one_done
          (loop $one
            (br_if $one_done (i32.ge_u (local.get $c) (local.get $width)))
            (local.set $at (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
            (f32.store (local.get $at)
              (f32.add (f32.load (local.get $at)) (f32.load (i32.add (local.get $v) (i32.shl (local.get $c) (i32.const 2))))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $one)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $width) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))
  (func (export "addRowsAt") (param $x i32) (param $ids i32) (param $out i32) (param $rows i32) (param $width i32) (param $outRows i32)
    (local $r i32) (local $c i32) (local $to i32) (local $from i32) (local $vectors i32) (local $rowBytes i32)
    (local.set $vectors (i32.and (local.get $width) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (memory.fill (local.get $out) (i32.const 0) (i32.mul (local.get $outRows) (local.get $rowBytes)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $to (i32.add (local.get $out)
          (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $r) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $from (local.get $x))
        (local.set $c (i32.const 0))
        (block $four_done
          (loop $four
            (br_if $four_done (i32.ge_u (local.get $c) (local.get $vectors)))
            (v128.store (local.get $to) (f32x4.add (v128.load (local.get $to)) (v128.load (local.get $from))))
            (local.set $to (i32.add (local.get $to) (i32.const 16)))
            (local.set $from (i32.add (local.get $from) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $four)))
        (block $one_done
          (loop $one
            (br_if $one_done (i32.ge_u (local.get $c) (local.get $width)))
            (f32.store (local.get $to) (f32.add (f32.load (local.get $to)) (f32.load (local.get $from))))
            (local.set $to (i32.add (local.get $to) (i32.const 4)))
            (local.set $from (i32.add (local.get $from) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $one)))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))))
