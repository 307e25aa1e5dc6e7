;; Batched matrix product in WebAssembly SIMD, on the wasm backend's own heap (src/tfjs/wasm-kernels.ts).
;;
;;   out[b] = op(A[b]) @ op(B[b]),  op(X) = X or X^T,  out[b] is [M, N] row-major, the shared axis is K.
;;
;; Every address is a byte offset into tfjs-wasm's memory, which this module imports. scripts/vendor.mjs
;; assembles it twice: as written (a plain memory, the non-threaded builds) and with the import made
;; `shared` with a maximum (the threaded build's memory is a SharedArrayBuffer).
;;
;; Four lanes of f32 at a time, along whichever axis is contiguous in memory:
;; - B not transposed: B's rows are contiguous along N, so each output row is a sum of B's rows
;;   scaled by A's entries (an axpy per k), 8 then 4 then 2 then 1 columns at a time ($axpy), the
;;   blocks of 8 for two rows at once ($pairs).
;; - A @ B^T: A's and B's rows are both contiguous along K, so each output is a dot product ($dot).
;; - A^T @ B^T = (B @ A)^T: the axpy with A and B swapped, writing the output down columns.
(module
  (import "env" "memory" (memory 1))

  ;; out[p, q] = sum_k X[p * xp + k * xk] * Y[k * yk + q], for Y contiguous along q; out[p, q] at
  ;; p * op + q * oq. Strides in bytes.
  (func $axpy (param $x i32) (param $y i32) (param $out i32) (param $P i32) (param $Q i32) (param $K i32)
              (param $xp i32) (param $xk i32) (param $yk i32) (param $op i32) (param $oq i32)
    (local $p i32) (local $q i32) (local $k i32) (local $xrow i32) (local $orow i32)
    (local $xa i32) (local $ya i32) (local $o i32)
    (local $s v128) (local $acc0 v128) (local $acc1 v128) (local $sum f32)
    (call $pairs (local.get $x) (local.get $y) (local.get $out) (local.get $P) (local.get $Q) (local.get $K)
      (local.get $xp) (local.get $xk) (local.get $yk) (local.get $op) (local.get $oq))
    (local.set $p (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $p) (local.get $P)))
        (local.set $xrow (i32.add (local.get $x) (i32.mul (local.get $p) (local.get $xp))))
        (local.set $orow (i32.add (local.get $out) (i32.mul (local.get $p) (local.get $op))))
        ;; rows in pairs have their blocks of 8 columns from $pairs; the last row of an odd P does them here
        (local.set $q (select (i32.and (local.get $Q) (i32.const -8)) (i32.const 0)
          (i32.lt_u (local.get $p) (i32.and (local.get $P) (i32.const -2)))))
        ;; 8 columns at a time
        (block $q8_done
          (loop $q8
            (br_if $q8_done (i32.gt_u (i32.add (local.get $q) (i32.const 8)) (local.get $Q)))
            (local.set $acc0 (v128.const f32x4 0 0 0 0))
            (local.set $acc1 (v128.const f32x4 0 0 0 0))
            (local.set $xa (local.get $xrow))
            (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $q) (i32.const 2))))
            (local.set $k (local.get $K))
            (block $k_done
              (loop $k_loop
                (br_if $k_done (i32.eqz (local.get $k)))
                (local.set $s (f32x4.splat (f32.load (local.get $xa))))
                (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $ya)))))
                (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $ya)))))
                (local.set $xa (i32.add (local.get $xa) (local.get $xk)))
                (local.set $ya (i32.add (local.get $ya) (local.get $yk)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $k_loop)))
            (local.set $o (i32.add (local.get $orow) (i32.mul (local.get $q) (local.get $oq))))
            (call $store4 (local.get $o) (local.get $oq) (local.get $acc0))
            (call $store4 (i32.add (local.get $o) (i32.shl (local.get $oq) (i32.const 2))) (local.get $oq) (local.get $acc1))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $q8)))
        ;; 4 columns
        (if (i32.le_u (i32.add (local.get $q) (i32.const 4)) (local.get $Q))
          (then
            (local.set $acc0 (v128.const f32x4 0 0 0 0))
            (local.set $xa (local.get $xrow))
            (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $q) (i32.const 2))))
            (local.set $k (local.get $K))
            (block $k_done
              (loop $k_loop
                (br_if $k_done (i32.eqz (local.get $k)))
                (local.set $acc0 (f32x4.add (local.get $acc0)
                  (f32x4.mul (f32x4.splat (f32.load (local.get $xa))) (v128.load (local.get $ya)))))
                (local.set $xa (i32.add (local.get $xa) (local.get $xk)))
                (local.set $ya (i32.add (local.get $ya) (local.get $yk)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $k_loop)))
            (call $store4 (i32.add (local.get $orow) (i32.mul (local.get $q) (local.get $oq))) (local.get $oq) (local.get $acc0))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))))
        ;; 2 columns: load exactly 8 bytes of each row of Y (v128.load64_zero), never past its end
        (if (i32.le_u (i32.add (local.get $q) (i32.const 2)) (local.get $Q))
          (then
            (local.set $acc0 (v128.const f32x4 0 0 0 0))
            (local.set $xa (local.get $xrow))
            (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $q) (i32.const 2))))
            (local.set $k (local.get $K))
            (block $k_done
              (loop $k_loop
                (br_if $k_done (i32.eqz (local.get $k)))
                (local.set $acc0 (f32x4.add (local.get $acc0)
                  (f32x4.mul (f32x4.splat (f32.load (local.get $xa))) (v128.load64_zero (local.get $ya)))))
                (local.set $xa (i32.add (local.get $xa) (local.get $xk)))
                (local.set $ya (i32.add (local.get $ya) (local.get $yk)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $k_loop)))
            (local.set $o (i32.add (local.get $orow) (i32.mul (local.get $q) (local.get $oq))))
            (f32.store (local.get $o) (f32x4.extract_lane 0 (local.get $acc0)))
            (f32.store (i32.add (local.get $o) (local.get $oq)) (f32x4.extract_lane 1 (local.get $acc0)))
            (local.set $q (i32.add (local.get $q) (i32.const 2)))))
        ;; the last column, if Q is odd
        (if (i32.lt_u (local.get $q) (local.get $Q))
          (then
            (local.set $sum (f32.const 0))
            (local.set $xa (local.get $xrow))
            (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $q) (i32.const 2))))
            (local.set $k (local.get $K))
            (block $k_done
              (loop $k_loop
                (br_if $k_done (i32.eqz (local.get $k)))
                (local.set $sum (f32.add (local.get $sum) (f32.mul (f32.load (local.get $xa)) (f32.load (local.get $ya)))))
                (local.set $xa (i32.add (local.get $xa) (local.get $xk)))
                (local.set $ya (i32.add (local.get $ya) (local.get $yk)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $k_loop)))
            (f32.store (i32.add (local.get $orow) (i32.mul (local.get $q) (local.get $oq))) (local.get $sum))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $rows))))

  ;; $axpy's blocks of 8 columns for rows p, p + 1 together (p even, p + 1 < P): four accumulators, so
  ;; that each row of Y loaded serves two rows and the additions of one k do not wait on each other.
  (func $pairs (param $x i32) (param $y i32) (param $out i32) (param $P i32) (param $Q i32) (param $K i32)
               (param $xp i32) (param $xk i32) (param $yk i32) (param $op i32) (param $oq i32)
    (local $p i32) (local $q i32) (local $k i32) (local $xa i32) (local $ya i32) (local $o i32)
    (local $y0 v128) (local $y1 v128) (local $s v128) (local $t v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local.set $p (i32.const 0))
    (block $pairs_done
      (loop $pair
        (br_if $pairs_done (i32.gt_u (i32.add (local.get $p) (i32.const 2)) (local.get $P)))
        (local.set $q (i32.const 0))
        (block $q8_done
          (loop $q8
            (br_if $q8_done (i32.gt_u (i32.add (local.get $q) (i32.const 8)) (local.get $Q)))
            (local.set $acc0 (v128.const f32x4 0 0 0 0))
            (local.set $acc1 (v128.const f32x4 0 0 0 0))
            (local.set $acc2 (v128.const f32x4 0 0 0 0))
            (local.set $acc3 (v128.const f32x4 0 0 0 0))
            (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $p) (local.get $xp))))
            (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $q) (i32.const 2))))
            (local.set $k (local.get $K))
            (block $k_done
              (loop $k_loop
                (br_if $k_done (i32.eqz (local.get $k)))
                (local.set $y0 (v128.load (local.get $ya)))
                (local.set $y1 (v128.load offset=16 (local.get $ya)))
                (local.set $s (f32x4.splat (f32.load (local.get $xa))))
                (local.set $t (f32x4.splat (f32.load (i32.add (local.get $xa) (local.get $xp)))))
                (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $y0))))
                (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $y1))))
                (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $t) (local.get $y0))))
                (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (local.get $t) (local.get $y1))))
                (local.set $xa (i32.add (local.get $xa) (local.get $xk)))
                (local.set $ya (i32.add (local.get $ya) (local.get $yk)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $k_loop)))
            (local.set $o (i32.add (i32.add (local.get $out) (i32.mul (local.get $p) (local.get $op))) (i32.mul (local.get $q) (local.get $oq))))
            (call $store4 (local.get $o) (local.get $oq) (local.get $acc0))
            (call $store4 (i32.add (local.get $o) (i32.shl (local.get $oq) (i32.const 2))) (local.get $oq) (local.get $acc1))
            (local.set $o (i32.add (local.get $o) (local.get $op)))
            (call $store4 (local.get $o) (local.get $oq) (local.get $acc2))
            (call $store4 (i32.add (local.get $o) (i32.shl (local.get $oq) (i32.const 2))) (local.get $oq) (local.get $acc3))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $q8)))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $pair))))

  ;; Four outputs at $o, $o + $oq, $o + 2 $oq, $o + 3 $oq: one vector store when they are adjacent.
  (func $store4 (param $o i32) (param $oq i32) (param $v v128)
    (if (i32.eq (local.get $oq) (i32.const 4))
      (then (v128.store (local.get $o) (local.get $v)))
      (else
        (f32.store (local.get $o) (f32x4.extract_lane 0 (local.get $v)))
        (local.set $o (i32.add (local.get $o) (local.get $oq)))
        (f32.store (local.get $o) (f32x4.extract_lane 1 (local.get $v)))
        (local.set $o (i32.add (local.get $o) (local.get $oq)))
        (f32.store (local.get $o) (f32x4.extract_lane 2 (local.get $v)))
        (local.set $o (i32.add (local.get $o) (local.get $oq)))
        (f32.store (local.get $o) (f32x4.extract_lane 3 (local.get $v))))))

  ;; out[i, j] = sum_k A[i, k] * B[j, k]: A [M, K] and B [N, K] row-major, out [M, N].
  (func $dot (param $a i32) (param $b i32) (param $out i32) (param $M i32) (param $N i32) (param $K i32)
    (local $i i32) (local $j i32) (local $k i32) (local $arow i32) (local $brow i32) (local $rowBytes i32)
    (local $acc v128) (local $sum f32)
    (local.set $rowBytes (i32.shl (local.get $K) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $i_done
      (loop $i_loop
        (br_if $i_done (i32.ge_u (local.get $i) (local.get $M)))
        (local.set $arow (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $j (i32.const 0))
        (block $j_done
          (loop $j_loop
            (br_if $j_done (i32.ge_u (local.get $j) (local.get $N)))
            (local.set $brow (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $acc (v128.const f32x4 0 0 0 0))
            (local.set $k (i32.const 0))
            (block $k4_done
              (loop $k4
                (br_if $k4_done (i32.gt_u (i32.add (local.get $k) (i32.const 4)) (local.get $K)))
                (local.set $acc (f32x4.add (local.get $acc)
                  (f32x4.mul (v128.load (i32.add (local.get $arow) (i32.shl (local.get $k) (i32.const 2))))
                             (v128.load (i32.add (local.get $brow) (i32.shl (local.get $k) (i32.const 2)))))))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $k4)))
            (local.set $sum (f32.add
              (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
              (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
            (block $k_done
              (loop $k1
                (br_if $k_done (i32.ge_u (local.get $k) (local.get $K)))
                (local.set $sum (f32.add (local.get $sum)
                  (f32.mul (f32.load (i32.add (local.get $arow) (i32.shl (local.get $k) (i32.const 2))))
                           (f32.load (i32.add (local.get $brow) (i32.shl (local.get $k) (i32.const 2)))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $k1)))
            (f32.store
              (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $N)) (local.get $j)) (i32.const 2)))
              (local.get $sum))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j_loop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $i_loop))))

  ;; out[b] = op(A[b]) @ op(B[b]) for b < batch. A[b] starts at a + b * strideA (bytes; 0 broadcasts
  ;; one matrix to every b), likewise B; out[b] at out + b * M * N * 4. op(A) is [M, K], op(B) [K, N].
  (func (export "batchMatMul")
        (param $a i32) (param $b i32) (param $out i32) (param $batch i32)
        (param $M i32) (param $K i32) (param $N i32)
        (param $strideA i32) (param $strideB i32) (param $transposeA i32) (param $transposeB i32)
    (local $outStride i32)
    (local.set $outStride (i32.shl (i32.mul (local.get $M) (local.get $N)) (i32.const 2)))
    (block $done
      (loop $each
        (br_if $done (i32.eqz (local.get $batch)))
        (if (i32.eqz (local.get $transposeB))
          (then
            ;; out[i, j] = sum_k A(i, k) B[k, j]; A(i, k) is A[i, k] or, transposed, A[k, i]
            (call $axpy (local.get $a) (local.get $b) (local.get $out) (local.get $M) (local.get $N) (local.get $K)
              (select (i32.const 4) (i32.shl (local.get $K) (i32.const 2)) (local.get $transposeA))
              (select (i32.shl (local.get $M) (i32.const 2)) (i32.const 4) (local.get $transposeA))
              (i32.shl (local.get $N) (i32.const 2))
              (i32.shl (local.get $N) (i32.const 2))
              (i32.const 4)))
          (else
            (if (i32.eqz (local.get $transposeA))
              (then (call $dot (local.get $a) (local.get $b) (local.get $out) (local.get $M) (local.get $N) (local.get $K)))
              (else
                ;; out[i, j] = sum_k B[j, k] A[k, i]: p = j over B's rows, q = i along A's rows
                (call $axpy (local.get $b) (local.get $a) (local.get $out) (local.get $N) (local.get $M) (local.get $K)
                  (i32.shl (local.get $K) (i32.const 2))
                  (i32.const 4)
                  (i32.shl (local.get $M) (i32.const 2))
                  (i32.const 4)
                  (i32.shl (local.get $N) (i32.const 2)))))))
        (local.set $a (i32.add (local.get $a) (local.get $strideA)))
        (local.set $b (i32.add (local.get $b) (local.get $strideB)))
        (local.set $out (i32.add (local.get $out) (local.get $outStride)))
        (local.set $batch (i32.sub (local.get $batch) (i32.const 1)))
        (br $each)))))
