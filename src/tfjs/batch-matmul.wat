;; Batched matrix product in WebAssembly SIMD, on the wasm backend's own heap (src/tfjs/wasm-kernels.ts).
;;
;;   out[b] = op(A[b]) @ op(B[b]),  op(X) = X or X^T,  out[b] is [M, N] row-major, the shared axis is K.
;;
;; Every address is a byte offset into tfjs-wasm's memory, which this module imports. scripts/vendor.mjs
;; assembles it twice: as written (a plain memory, the non-threaded builds) and with the import made
;; `shared` with a maximum (the threaded build's memory is a SharedArrayBuffer).
;;
;; A few rows of A against a transposed B (x W^T while decoding a token at a time) are dot products
;; of rows that are both contiguous along K ($dots): there the transpose below would cost more than the
;; product. The caller chooses it (src/tfjs/wasm-kernels.ts, DOT_ROWS) by passing no scratch.
;;
;; Every other product runs one inner loop. Each output row is a sum of B's rows scaled by op(A)'s entries
;; (an axpy per k), four lanes of f32 at a time along N, which needs B's rows contiguous along N:
;; - B not transposed: they are.
;; - B transposed ([N, K] in memory): it is first transposed, 4 x 4 at a time in registers, into a
;;   scratch area of K * N floats that the caller allocates ($transpose), once per product (or once
;;   for all of them when one B is broadcast). That costs K * N moves against M * K * N multiply-adds.
;; - A transposed or not only changes the strides at which its entries are read (one at a time, each
;;   loaded straight into all four lanes by v128.load32_splat, one instruction where a load and a
;;   splat were two), so it needs no separate path.
;; Register blocking ($block4): 4 rows by 8 columns of the output are 8 vector accumulators; each
;; k loads two vectors of B, used by all 4 rows, and 4 entries of A, each used by 2 vectors. That is
;; 16 multiplies and adds per 6 loads, and 8 independent additions per k (the old kernel, 2 rows at a
;; time, had 4). Edges: 4 columns for 4 rows, then single rows ($row) 8, 4, 2 and 1 columns at a time.
(module
  (import "env" "memory" (memory 1))

  ;; One output row, columns q to Q - 1: out[q] = sum_k x[k * xk] * y[k * yk + q], y contiguous along q.
  ;; x is the row's first entry of op(A), out the row's first output; strides in bytes.
  (func $row (param $x i32) (param $y i32) (param $out i32) (param $q i32) (param $Q i32) (param $K i32)
             (param $xk i32) (param $yk i32)
    (local $xa i32) (local $ya i32) (local $end i32) (local $s v128) (local $acc0 v128) (local $acc1 v128) (local $sum f32)
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $K) (local.get $xk))))
    ;; 8 columns at a time
    (block $q8_done
      (loop $q8
        (br_if $q8_done (i32.gt_u (i32.add (local.get $q) (i32.const 8)) (local.get $Q)))
        (local.set $acc0 (v128.const f32x4 0 0 0 0))
        (local.set $acc1 (v128.const f32x4 0 0 0 0))
        (local.set $xa (local.get $x))
        (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $q) (i32.const 2))))
        (block $k_done
          (loop $k_loop
            (br_if $k_done (i32.eq (local.get $xa) (local.get $end)))
            (local.set $s (v128.load32_splat (local.get $xa)))
            (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $ya)))))
            (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $ya)))))
            (local.set $xa (i32.add (local.get $xa) (local.get $xk)))
            (local.set $ya (i32.add (local.get $ya) (local.get $yk)))
            (br $k_loop)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 2))) (local.get $acc0))
        (v128.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 2))) (local.get $acc1))
        (local.set $q (i32.add (local.get $q) (i32.const 8)))
        (br $q8)))
    ;; 4 columns
    (if (i32.le_u (i32.add (local.get $q) (i32.const 4)) (local.get $Q))
      (then
        (local.set $acc0 (v128.const f32x4 0 0 0 0))
        (local.set $xa (local.get $x))
        (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $q) (i32.const 2))))
        (block $k_done
          (loop $k_loop
            (br_if $k_done (i32.eq (local.get $xa) (local.get $end)))
            (local.set $acc0 (f32x4.add (local.get $acc0)
              (f32x4.mul (v128.load32_splat (local.get $xa)) (v128.load (local.get $ya)))))
            (local.set $xa (i32.add (local.get $xa) (local.get $xk)))
            (local.set $ya (i32.add (local.get $ya) (local.get $yk)))
            (br $k_loop)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 2))) (local.get $acc0))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))))
    ;; 2 columns: load and store exactly 8 bytes (v128.load64_zero, v128.store64_lane), never past a row's end
    (if (i32.le_u (i32.add (local.get $q) (i32.const 2)) (local.get $Q))
      (then
        (local.set $acc0 (v128.const f32x4 0 0 0 0))
        (local.set $xa (local.get $x))
        (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $q) (i32.const 2))))
        (block $k_done
          (loop $k_loop
            (br_if $k_done (i32.eq (local.get $xa) (local.get $end)))
            (local.set $acc0 (f32x4.add (local.get $acc0)
              (f32x4.mul (v128.load32_splat (local.get $xa)) (v128.load64_zero (local.get $ya)))))
            (local.set $xa (i32.add (local.get $xa) (local.get $xk)))
            (local.set $ya (i32.add (local.get $ya) (local.get $yk)))
            (br $k_loop)))
        (v128.store64_lane 0 (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 2))) (local.get $acc0))
        (local.set $q (i32.add (local.get $q) (i32.const 2)))))
    ;; the last column, if one is left
    (if (i32.lt_u (local.get $q) (local.get $Q))
      (then
        (local.set $sum (f32.const 0))
        (local.set $xa (local.get $x))
        (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $q) (i32.const 2))))
        (block $k_done
          (loop $k_loop
            (br_if $k_done (i32.eq (local.get $xa) (local.get $end)))
            (local.set $sum (f32.add (local.get $sum) (f32.mul (f32.load (local.get $xa)) (f32.load (local.get $ya)))))
            (local.set $xa (i32.add (local.get $xa) (local.get $xk)))
            (local.set $ya (i32.add (local.get $ya) (local.get $yk)))
            (br $k_loop)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 2))) (local.get $sum)))))

  ;; Four output rows at once, all Q columns: $row's sums for the rows at x, x + xp, x + 2 xp, x + 3 xp
  ;; (entries of op(A)) into out, out + op, out + 2 op, out + 3 op.
  (func $block4 (param $x i32) (param $y i32) (param $out i32) (param $Q i32) (param $K i32)
                (param $xp i32) (param $xk i32) (param $yk i32) (param $op i32)
    (local $q i32) (local $xa i32) (local $ya i32) (local $end i32) (local $o i32) (local $xp2 i32) (local $xp3 i32)
    (local $y0 v128) (local $y1 v128) (local $s v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $K) (local.get $xk))))
    (local.set $xp2 (i32.shl (local.get $xp) (i32.const 1)))
    (local.set $xp3 (i32.add (local.get $xp2) (local.get $xp)))
    ;; 8 columns at a time: c0 c1 for the first row, c2 c3 the second, c4 c5 the third, c6 c7 the fourth
    (block $q8_done
      (loop $q8
        (br_if $q8_done (i32.gt_u (i32.add (local.get $q) (i32.const 8)) (local.get $Q)))
        (local.set $c0 (v128.const f32x4 0 0 0 0))
        (local.set $c1 (v128.const f32x4 0 0 0 0))
        (local.set $c2 (v128.const f32x4 0 0 0 0))
        (local.set $c3 (v128.const f32x4 0 0 0 0))
        (local.set $c4 (v128.const f32x4 0 0 0 0))
        (local.set $c5 (v128.const f32x4 0 0 0 0))
        (local.set $c6 (v128.const f32x4 0 0 0 0))
        (local.set $c7 (v128.const f32x4 0 0 0 0))
        (local.set $xa (local.get $x))
        (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $q) (i32.const 2))))
        (block $k_done
          (loop $k_loop
            (br_if $k_done (i32.eq (local.get $xa) (local.get $end)))
            (local.set $y0 (v128.load (local.get $ya)))
            (local.set $y1 (v128.load offset=16 (local.get $ya)))
            (local.set $s (v128.load32_splat (local.get $xa)))
            (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $s (v128.load32_splat (i32.add (local.get $xa) (local.get $xp))))
            (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $s (v128.load32_splat (i32.add (local.get $xa) (local.get $xp2))))
            (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $s (v128.load32_splat (i32.add (local.get $xa) (local.get $xp3))))
            (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $xa (i32.add (local.get $xa) (local.get $xk)))
            (local.set $ya (i32.add (local.get $ya) (local.get $yk)))
            (br $k_loop)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 2))))
        (v128.store (local.get $o) (local.get $c0))
        (v128.store offset=16 (local.get $o) (local.get $c1))
        (local.set $o (i32.add (local.get $o) (local.get $op)))
        (v128.store (local.get $o) (local.get $c2))
        (v128.store offset=16 (local.get $o) (local.get $c3))
        (local.set $o (i32.add (local.get $o) (local.get $op)))
        (v128.store (local.get $o) (local.get $c4))
        (v128.store offset=16 (local.get $o) (local.get $c5))
        (local.set $o (i32.add (local.get $o) (local.get $op)))
        (v128.store (local.get $o) (local.get $c6))
        (v128.store offset=16 (local.get $o) (local.get $c7))
        (local.set $q (i32.add (local.get $q) (i32.const 8)))
        (br $q8)))
    ;; 4 columns for the 4 rows
    (if (i32.le_u (i32.add (local.get $q) (i32.const 4)) (local.get $Q))
      (then
        (local.set $c0 (v128.const f32x4 0 0 0 0))
        (local.set $c2 (v128.const f32x4 0 0 0 0))
        (local.set $c4 (v128.const f32x4 0 0 0 0))
        (local.set $c6 (v128.const f32x4 0 0 0 0))
        (local.set $xa (local.get $x))
        (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $q) (i32.const 2))))
        (block $k_done
          (loop $k_loop
            (br_if $k_done (i32.eq (local.get $xa) (local.get $end)))
            (local.set $y0 (v128.load (local.get $ya)))
            (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load32_splat (local.get $xa)) (local.get $y0))))
            (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (v128.load32_splat (i32.add (local.get $xa) (local.get $xp))) (local.get $y0))))
            (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (v128.load32_splat (i32.add (local.get $xa) (local.get $xp2))) (local.get $y0))))
            (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (v128.load32_splat (i32.add (local.get $xa) (local.get $xp3))) (local.get $y0))))
            (local.set $xa (i32.add (local.get $xa) (local.get $xk)))
            (local.set $ya (i32.add (local.get $ya) (local.get $yk)))
            (br $k_loop)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 2))))
        (v128.store (local.get $o) (local.get $c0))
        (v128.store (i32.add (local.get $o) (local.get $op)) (local.get $c2))
        (v128.store (i32.add (local.get $o) (i32.shl (local.get $op) (i32.const 1))) (local.get $c4))
        (v128.store (i32.add (local.get $o) (i32.mul (local.get $op) (i32.const 3))) (local.get $c6))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))))
    ;; the last 1 to 3 columns, row by row
    (if (i32.lt_u (local.get $q) (local.get $Q))
      (then
        (call $row (local.get $x) (local.get $y) (local.get $out) (local.get $q) (local.get $Q) (local.get $K) (local.get $xk) (local.get $yk))
        (call $row (i32.add (local.get $x) (local.get $xp)) (local.get $y) (i32.add (local.get $out) (local.get $op))
          (local.get $q) (local.get $Q) (local.get $K) (local.get $xk) (local.get $yk))
        (call $row (i32.add (local.get $x) (local.get $xp2)) (local.get $y) (i32.add (local.get $out) (i32.shl (local.get $op) (i32.const 1)))
          (local.get $q) (local.get $Q) (local.get $K) (local.get $xk) (local.get $yk))
        (call $row (i32.add (local.get $x) (local.get $xp3)) (local.get $y) (i32.add (local.get $out) (i32.mul (local.get $op) (i32.const 3)))
          (local.get $q) (local.get $Q) (local.get $K) (local.get $xk) (local.get $yk)))))

  ;; out [P, Q] row-major = X @ Y: X's entry (p, k) at x + p * xp + k * xk, Y [K, Q] with rows yk bytes apart.
  (func $product (param $x i32) (param $y i32) (param $out i32) (param $P i32) (param $Q i32) (param $K i32)
                 (param $xp i32) (param $xk i32) (param $yk i32)
    (local $p i32) (local $op i32)
    (local.set $op (i32.shl (local.get $Q) (i32.const 2)))
    (block $blocks_done
      (loop $blocks
        (br_if $blocks_done (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $P)))
        (call $block4 (i32.add (local.get $x) (i32.mul (local.get $p) (local.get $xp))) (local.get $y)
          (i32.add (local.get $out) (i32.mul (local.get $p) (local.get $op)))
          (local.get $Q) (local.get $K) (local.get $xp) (local.get $xk) (local.get $yk) (local.get $op))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $blocks)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $p) (local.get $P)))
        (call $row (i32.add (local.get $x) (i32.mul (local.get $p) (local.get $xp))) (local.get $y)
          (i32.add (local.get $out) (i32.mul (local.get $p) (local.get $op)))
          (i32.const 0) (local.get $Q) (local.get $K) (local.get $xk) (local.get $yk))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $rows))))

;; out [P, Q] row-major, out[p, q] = sum_k x[p, k] * y[q, k]: A and B^T both contiguous along k, as
;; in x W^T for a few rows x (decoding one token at a time). Each weight row is read once per block
;; of 4 and met by every row of x while it is in cache, and no transpose is needed: for a handful of
;; rows the transpose cost more than the product. 4 rows of y at a time, 4 lanes along k, then the
;; lanes summed; the last 0 to 3 rows of y one by one, and k beyond a multiple of 4 one at a time.
  (func $dots (param $x i32) (param $y i32) (param $out i32) (param $P i32) (param $Q i32) (param $K i32)
    (local $q i32) (local $p i32) (local $row i32) (local $k i32) (local $k4 i32) (local $xa i32) (local $o i32)
    (local $y0 i32) (local $y1 i32) (local $y2 i32) (local $y3 i32) (local $v v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $s0 f32) (local $s1 f32) (local $s2 f32) (local $s3 f32) (local $xs f32)
    (local.set $row (i32.shl (local.get $K) (i32.const 2)))
    (local.set $k4 (i32.shl (i32.and (local.get $K) (i32.const -4)) (i32.const 2)))
    (block $q4_done
      (loop $q4
        (br_if $q4_done (i32.gt_u (i32.add (local.get $q) (i32.const 4)) (local.get $Q)))
        (local.set $y0 (i32.add (local.get $y) (i32.mul (local.get $q) (local.get $row))))
        (local.set $y1 (i32.add (local.get $y0) (local.get $row)))
        (local.set $y2 (i32.add (local.get $y1) (local.get $row)))
        (local.set $y3 (i32.add (local.get $y2) (local.get $row)))
        (local.set $p (i32.const 0))
        (block $p_done
          (loop $p_loop
            (br_if $p_done (i32.ge_u (local.get $p) (local.get $P)))
            (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $p) (local.get $row))))
            (local.set $c0 (v128.const f32x4 0 0 0 0))
            (local.set $c1 (v128.const f32x4 0 0 0 0))
            (local.set $c2 (v128.const f32x4 0 0 0 0))
            (local.set $c3 (v128.const f32x4 0 0 0 0))
            (local.set $k (i32.const 0))
            (block $k_done
              (loop $k_loop
                (br_if $k_done (i32.ge_u (local.get $k) (local.get $k4)))
                (local.set $v (v128.load (i32.add (local.get $xa) (local.get $k))))
                (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $y0) (local.get $k))))))
                (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $y1) (local.get $k))))))
                (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $y2) (local.get $k))))))
                (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $y3) (local.get $k))))))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $k_loop)))
            (local.set $s0 (call $lanes (local.get $c0)))
            (local.set $s1 (call $lanes (local.get $c1)))
            (local.set $s2 (call $lanes (local.get $c2)))
            (local.set $s3 (call $lanes (local.get $c3)))
            (block $tail_done
              (loop $tail
                (br_if $tail_done (i32.ge_u (local.get $k) (local.get $row)))
                (local.set $xs (f32.load (i32.add (local.get $xa) (local.get $k))))
                (local.set $s0 (f32.add (local.get $s0) (f32.mul (local.get $xs) (f32.load (i32.add (local.get $y0) (local.get $k))))))
                (local.set $s1 (f32.add (local.get $s1) (f32.mul (local.get $xs) (f32.load (i32.add (local.get $y1) (local.get $k))))))
                (local.set $s2 (f32.add (local.get $s2) (f32.mul (local.get $xs) (f32.load (i32.add (local.get $y2) (local.get $k))))))
                (local.set $s3 (f32.add (local.get $s3) (f32.mul (local.get $xs) (f32.load (i32.add (local.get $y3) (local.get $k))))))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $tail)))
            (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $p) (local.get $Q)) (local.get $q)) (i32.const 2))))
            (f32.store (local.get $o) (local.get $s0))
            (f32.store offset=4 (local.get $o) (local.get $s1))
            (f32.store offset=8 (local.get $o) (local.get $s2))
            (f32.store offset=12 (local.get $o) (local.get $s3))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $p_loop)))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br $q4)))
    ;; the last rows of y
    (block $q_done
      (loop $q1
        (br_if $q_done (i32.ge_u (local.get $q) (local.get $Q)))
        (local.set $y0 (i32.add (local.get $y) (i32.mul (local.get $q) (local.get $row))))
        (local.set $p (i32.const 0))
        (block $p_done
          (loop $p_loop
            (br_if $p_done (i32.ge_u (local.get $p) (local.get $P)))
            (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $p) (local.get $row))))
            (local.set $c0 (v128.const f32x4 0 0 0 0))
            (local.set $k (i32.const 0))
            (block $k_done
              (loop $k_loop
                (br_if $k_done (i32.ge_u (local.get $k) (local.get $k4)))
                (local.set $c0 (f32x4.add (local.get $c0)
                  (f32x4.mul (v128.load (i32.add (local.get $xa) (local.get $k))) (v128.load (i32.add (local.get $y0) (local.get $k))))))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $k_loop)))
            (local.set $s0 (call $lanes (local.get $c0)))
            (block $tail_done
              (loop $tail
                (br_if $tail_done (i32.ge_u (local.get $k) (local.get $row)))
                (local.set $s0 (f32.add (local.get $s0)
                  (f32.mul (f32.load (i32.add (local.get $xa) (local.get $k))) (f32.load (i32.add (local.get $y0) (local.get $k))))))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $tail)))
            (f32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $p) (local.get $Q)) (local.get $q)) (i32.const 2)))
              (local.get $s0))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $p_loop)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $q1))))

  ;; The sum of a vector's four lanes.
  (func $lanes (param $v v128) (result f32)
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
             (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; dst [C, R] = src [R, C]^T, both row-major: 4 x 4 blocks through registers (4 loads, 8 shuffles,
  ;; 4 stores), then the ragged edges ($transposeScalar).
  (func $transpose (param $src i32) (param $dst i32) (param $R i32) (param $C i32)
    (local $r i32) (local $c i32) (local $s i32) (local $d i32) (local $srcRow i32) (local $dstRow i32)
    (local $R4 i32) (local $C4 i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $srcRow (i32.shl (local.get $C) (i32.const 2)))
    (local.set $dstRow (i32.shl (local.get $R) (i32.const 2)))
    (local.set $R4 (i32.and (local.get $R) (i32.const -4)))
    (local.set $C4 (i32.and (local.get $C) (i32.const -4)))
    (block $r_done
      (loop $r_loop
        (br_if $r_done (i32.ge_u (local.get $r) (local.get $R4)))
        (local.set $c (i32.const 0))
        (block $c_done
          (loop $c_loop
            (br_if $c_done (i32.ge_u (local.get $c) (local.get $C4)))
            ;; rows r .. r + 3 of src at columns c .. c + 3: v0 = [a0 a1 a2 a3], v1 = [b0 ..], v2 = [c0 ..], v3 = [d0 ..]
            (local.set $s (i32.add (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srcRow))) (i32.shl (local.get $c) (i32.const 2))))
            (local.set $v0 (v128.load (local.get $s)))
            (local.set $v1 (v128.load (i32.add (local.get $s) (local.get $srcRow))))
            (local.set $v2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $srcRow) (i32.const 1)))))
            (local.set $v3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $srcRow) (i32.const 3)))))
            ;; t0 = [a0 b0 a1 b1], t1 = [a2 b2 a3 b3], t2 = [c0 d0 c1 d1], t3 = [c2 d2 c3 d3]
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
            ;; dst rows c .. c + 3 at columns r .. r + 3: [a0 b0 c0 d0], [a1 b1 c1 d1], [a2 ..], [a3 ..]
            (local.set $d (i32.add (i32.add (local.get $dst) (i32.mul (local.get $c) (local.get $dstRow))) (i32.shl (local.get $r) (i32.const 2))))
            (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (v128.store (i32.add (local.get $d) (local.get $dstRow))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (v128.store (i32.add (local.get $d) (i32.shl (local.get $dstRow) (i32.const 1)))
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (v128.store (i32.add (local.get $d) (i32.mul (local.get $dstRow) (i32.const 3)))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $c_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $r_loop)))
    (call $transposeScalar (local.get $src) (local.get $dst) (local.get $R) (local.get $C) (i32.const 0) (local.get $R4) (local.get $C4))
    (call $transposeScalar (local.get $src) (local.get $dst) (local.get $R) (local.get $C) (local.get $R4) (local.get $R) (i32.const 0)))

  ;; dst[c, r] = src[r, c] for rows r0 <= r < r1 and columns c0 <= c < C, one number at a time.
  (func $transposeScalar (param $src i32) (param $dst i32) (param $R i32) (param $C i32) (param $r0 i32) (param $r1 i32) (param $c0 i32)
    (local $r i32) (local $c i32)
    (local.set $r (local.get $r0))
    (block $r_done
      (loop $r_loop
        (br_if $r_done (i32.ge_u (local.get $r) (local.get $r1)))
        (local.set $c (local.get $c0))
        (block $c_done
          (loop $c_loop
            (br_if $c_done (i32.ge_u (local.get $c) (local.get $C)))
            (f32.store (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $R)) (local.get $r)) (i32.const 2)))
              (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $C)) (local.get $c)) (i32.const 2)))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $c_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $r_loop))))

  ;; out[b] = op(A[b]) @ op(B[b]) for b < batch. A[b] starts at a + b * strideA (bytes; 0 broadcasts
  ;; one matrix to every b), likewise B; out[b] at out + b * M * N * 4. op(A) is [M, K], op(B) [K, N].
  ;; With transposeB, scratch is K * N floats this module may overwrite (unused otherwise), or 0 to
  ;; multiply A's rows by B's rows directly ($dots), which A must not be transposed for.
  (func (export "batchMatMul")
        (param $a i32) (param $b i32) (param $out i32) (param $batch i32)
        (param $M i32) (param $K i32) (param $N i32)
        (param $strideA i32) (param $strideB i32) (param $transposeA i32) (param $transposeB i32) (param $scratch i32)
    (local $outStride i32) (local $xp i32) (local $xk i32) (local $y i32) (local $first i32)
    (local.set $outStride (i32.shl (i32.mul (local.get $M) (local.get $N)) (i32.const 2)))
    ;; op(A)'s entry (i, k) is A[i, k] at 4 (i K + k) bytes or, transposed, A[k, i] at 4 (k M + i)
    (local.set $xp (select (i32.const 4) (i32.shl (local.get $K) (i32.const 2)) (local.get $transposeA)))
    (local.set $xk (select (i32.shl (local.get $M) (i32.const 2)) (i32.const 4) (local.get $transposeA)))
    (local.set $first (i32.const 1))
    (block $done
      (loop $each
        (br_if $done (i32.eqz (local.get $batch)))
        (local.set $y (local.get $b))
        (if (i32.and (local.get $transposeB) (i32.eqz (local.get $scratch)))
          (then
            ;; no scratch: A [M, K] against B [N, K] row by row ($dots; the caller checks A is not transposed)
            (call $dots (local.get $a) (local.get $b) (local.get $out) (local.get $M) (local.get $N) (local.get $K)))
          (else
            (if (local.get $transposeB)
              (then
                ;; B[b] is [N, K] in memory; its transpose [K, N] goes to scratch (once, for a broadcast B)
                (if (i32.or (local.get $first) (i32.ne (local.get $strideB) (i32.const 0)))
                  (then (call $transpose (local.get $b) (local.get $scratch) (local.get $N) (local.get $K))))
                (local.set $y (local.get $scratch))))
            (call $product (local.get $a) (local.get $y) (local.get $out) (local.get $M) (local.get $N) (local.get $K)
              (local.get $xp) (local.get $xk) (i32.shl (local.get $N) (i32.const 2)))))
        (local.set $first (i32.const 0))
        (local.set $a (i32.add (local.get $a) (local.get $strideA)))
        (local.set $b (i32.add (local.get $b) (local.get $strideB)))
        (local.set $out (i32.add (local.get $out) (local.get $outStride)))
        (local.set $batch (i32.sub (local.get $batch) (i32.const 1)))
        (br $each)))))
