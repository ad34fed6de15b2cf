;; C (m×n) = A (m×k) · B (k×n), float64, row-major — the lib's fast matrix product (see lib/src/matmul-wasm.ts).
;;
;; Written by hand in the WebAssembly text format and assembled at build time (scripts/build-wasm.mjs, with the
;; `wabt` package) into lib/dist/kernels/matmul.wasm. Uses 128-bit SIMD: one v128 holds two f64 (an "f64x2").
;;
;; How it is fast (the same three ideas as every BLAS):
;;  1. Register tiling. The inner loop keeps a 4×4 block of C in eight f64x2 registers and, for each p, adds
;;     A[i][p]·B[p][j..j+3] to it: 6 loads feed 16 multiply-adds, instead of 3 memory operations per multiply-add.
;;  2. Packing. B is copied once into "panels" of 4 columns, each stored as k consecutive rows of 4 values, so
;;     the inner loop reads B as one contiguous stream (row-major B would jump n·8 bytes per p).
;;  3. Cache blocking. p is cut into blocks of KC = 256, so a panel's block (256·4·8 = 8 KB) stays in the L1
;;     cache while every row block of A passes over it.
;;
;; Exactness: every C[i][j] is accumulated in one lane, p = 0, 1, …, k−1 in order, with a separate multiply
;; and add (no fused multiply-add), starting from 0: the same rounding as the reference triple loop, so
;; the result matches it bit for bit (apart from NaN/Infinity in B meeting a zero in A, which the reference skips).
;;
;; Memory layout (byte addresses chosen by the caller, each 8-byte aligned):
;;   $a  A, m·k values          $b  B, k·n values
;;   $pk packed B, k·nPad values (nPad = n rounded up to a multiple of 4)
;;   $c  C, m·nPad values of scratch; on return its first m·n values are C (row-major, n per row).
(module
  (memory (export "memory") 1)

  ;; Packs B into panels of 4 columns: pk[(q·k + p)·4 + t] = B[p][4q + t], and 0 past column n−1.
  (func $pack (param $b i32) (param $pk i32) (param $k i32) (param $n i32)
    (local $q i32) (local $full i32) (local $rem i32) (local $p i32) (local $t i32)
    (local $src i32) (local $dst i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $full (i32.shr_u (local.get $n) (i32.const 2)))
    (local.set $rem (i32.and (local.get $n) (i32.const 3)))
    (local.set $dst (local.get $pk))
    ;; panels of 4 real columns: two v128 copies per row
    (block $panelsDone
      (loop $panels
        (br_if $panelsDone (i32.ge_u (local.get $q) (local.get $full)))
        (local.set $src (i32.add (local.get $b) (i32.shl (local.get $q) (i32.const 5))))
        (local.set $p (local.get $k))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.eqz (local.get $p)))
            (v128.store (local.get $dst) (v128.load (local.get $src)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
            (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $rows)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $panels)))
    ;; the last panel, when n is not a multiple of 4: rem real columns, then zeros
    (if (local.get $rem)
      (then
        (local.set $src (i32.add (local.get $b) (i32.shl (local.get $full) (i32.const 5))))
        (local.set $p (local.get $k))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.eqz (local.get $p)))
            (v128.store (local.get $dst) (v128.const i64x2 0 0))
            (v128.store offset=16 (local.get $dst) (v128.const i64x2 0 0))
            (local.set $t (i32.const 0))
            (loop $cols
              (f64.store
                (i32.add (local.get $dst) (i32.shl (local.get $t) (i32.const 3)))
                (f64.load (i32.add (local.get $src) (i32.shl (local.get $t) (i32.const 3)))))
              (local.set $t (i32.add (local.get $t) (i32.const 1)))
              (br_if $cols (i32.lt_u (local.get $t) (local.get $rem))))
            (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $rows))))))

  ;; C[i..i+3][j..j+3] += Σ_p A[i..i+3][p] · panel[p][0..3], for kc ≥ 1 values of p.
  ;; $a → A[i][p0] (rows $lda bytes apart), $bp → the panel at row p0, $c → C[i][j] (rows $ldc bytes apart).
  (func $tile4x4 (param $a i32) (param $lda i32) (param $bp i32) (param $c i32) (param $ldc i32) (param $kc i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $end i32)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $a1 (i32.add (local.get $a) (local.get $lda)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $lda)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $lda)))
    (local.set $c1 (i32.add (local.get $c) (local.get $ldc)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $ldc)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $ldc)))
    (local.set $c00 (v128.load (local.get $c)))
    (local.set $c01 (v128.load offset=16 (local.get $c)))
    (local.set $c10 (v128.load (local.get $c1)))
    (local.set $c11 (v128.load offset=16 (local.get $c1)))
    (local.set $c20 (v128.load (local.get $c2)))
    (local.set $c21 (v128.load offset=16 (local.get $c2)))
    (local.set $c30 (v128.load (local.get $c3)))
    (local.set $c31 (v128.load offset=16 (local.get $c3)))
    (local.set $end (i32.add (local.get $bp) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $p
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $s (v128.load64_splat (local.get $a)))
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load64_splat (local.get $a1)))
      (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load64_splat (local.get $a2)))
      (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load64_splat (local.get $a3)))
      (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (local.set $a1 (i32.add (local.get $a1) (i32.const 8)))
      (local.set $a2 (i32.add (local.get $a2) (i32.const 8)))
      (local.set $a3 (i32.add (local.get $a3) (i32.const 8)))
      (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
      (br_if $p (i32.lt_u (local.get $bp) (local.get $end))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (v128.store (local.get $c1) (local.get $c10))
    (v128.store offset=16 (local.get $c1) (local.get $c11))
    (v128.store (local.get $c2) (local.get $c20))
    (v128.store offset=16 (local.get $c2) (local.get $c21))
    (v128.store (local.get $c3) (local.get $c30))
    (v128.store offset=16 (local.get $c3) (local.get $c31)))

  ;; One row: C[i][j..j+3] += Σ_p A[i][p] · panel[p][0..3] (the rows left over when m is not a multiple of 4).
  (func $tile1x4 (param $a i32) (param $bp i32) (param $c i32) (param $kc i32)
    (local $end i32) (local $s v128) (local $c0 v128) (local $c1 v128)
    (local.set $c0 (v128.load (local.get $c)))
    (local.set $c1 (v128.load offset=16 (local.get $c)))
    (local.set $end (i32.add (local.get $bp) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $p
      (local.set $s (v128.load64_splat (local.get $a)))
      (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $s) (v128.load (local.get $bp)))))
      (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $s) (v128.load offset=16 (local.get $bp)))))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
      (br_if $p (i32.lt_u (local.get $bp) (local.get $end))))
    (v128.store (local.get $c) (local.get $c0))
    (v128.store offset=16 (local.get $c) (local.get $c1)))

  ;; C = A·B (see the layout at the top). k = 0 gives C = 0.
  (func (export "matmul") (param $a i32) (param $b i32) (param $pk i32) (param $c i32)
        (param $m i32) (param $k i32) (param $n i32)
    (local $nPad i32) (local $panels i32) (local $lda i32) (local $ldc i32)
    (local $p0 i32) (local $kc i32) (local $q i32) (local $i i32) (local $bp i32) (local $cq i32)
    (local.set $nPad (i32.and (i32.add (local.get $n) (i32.const 3)) (i32.const -4)))
    (local.set $panels (i32.shr_u (local.get $nPad) (i32.const 2)))
    (local.set $lda (i32.shl (local.get $k) (i32.const 3)))
    (local.set $ldc (i32.shl (local.get $nPad) (i32.const 3)))
    (call $pack (local.get $b) (local.get $pk) (local.get $k) (local.get $n))
    (memory.fill (local.get $c) (i32.const 0) (i32.mul (local.get $m) (local.get $ldc)))
    ;; blocks of p
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $p0) (local.get $k)))
        (local.set $kc (i32.sub (local.get $k) (local.get $p0)))
        (if (i32.gt_u (local.get $kc) (i32.const 256)) (then (local.set $kc (i32.const 256))))
        ;; panels of B (4 columns of C each)
        (local.set $q (i32.const 0))
        (block $panelsDone
          (loop $panels
            (br_if $panelsDone (i32.ge_u (local.get $q) (local.get $panels)))
            (local.set $bp (i32.add (local.get $pk)
              (i32.shl (i32.add (i32.mul (local.get $q) (local.get $k)) (local.get $p0)) (i32.const 5))))
            (local.set $cq (i32.add (local.get $c) (i32.shl (local.get $q) (i32.const 5))))
            ;; rows of A, four at a time, then one at a time
            (local.set $i (i32.const 0))
            (block $rows4Done
              (loop $rows4
                (br_if $rows4Done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
                (call $tile4x4
                  (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $k)) (local.get $p0)) (i32.const 3)))
                  (local.get $lda)
                  (local.get $bp)
                  (i32.add (local.get $cq) (i32.mul (local.get $i) (local.get $ldc)))
                  (local.get $ldc)
                  (local.get $kc))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $rows4)))
            (block $rowsDone
              (loop $rows
                (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
                (call $tile1x4
                  (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $k)) (local.get $p0)) (i32.const 3)))
                  (local.get $bp)
                  (i32.add (local.get $cq) (i32.mul (local.get $i) (local.get $ldc)))
                  (local.get $kc))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $rows)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $panels)))
        (local.set $p0 (i32.add (local.get $p0) (local.get $kc)))
        (br $blocks)))
    ;; close the padding gaps: row i moves from i·nPad to i·n
    (if (i32.ne (local.get $n) (local.get $nPad))
      (then
        (local.set $i (i32.const 1))
        (block $done
          (loop $move
            (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
            (memory.copy
              (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 3)))
              (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
              (i32.shl (local.get $n) (i32.const 3)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $move)))))))
