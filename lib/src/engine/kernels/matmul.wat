;; C (m×n) = A (m×k) · B (k×n), float64, row-major — the lib's fast matrix product (see lib/src/engine/matmul-wasm.ts).
;;
;; Written by hand in the WebAssembly text format and assembled at build time (scripts/build-wasm.mjs, with the
;; `wabt` package) into lib/dist/engine/kernels/matmul.wasm. Uses 128-bit SIMD: one v128 holds two f64 (an "f64x2").
;;
;; How it is fast (the same ideas as every BLAS):
;;  1. Register tiling. The inner loop keeps a 4×4 block of C in eight f64x2 registers and, for each p, adds
;;     A[i][p]·B[p][j..j+3] to it: 6 loads feed 16 multiply-adds, instead of 3 memory operations per multiply-add.
;;  2. Packing. B is copied once into "panels" of 4 columns, each stored as k consecutive rows of 4 values, and
;;     each block of A into "quads" of 4 rows stored column by column (A[i..i+3][p] side by side), so the inner
;;     loop reads both as contiguous streams from two pointers.
;;  3. Cache blocking. p is cut into blocks of KC = 256 and the rows of A into blocks of MC = 64: a packed block
;;     of A (64·256·8 = 128 KB) stays in the L2 cache and a panel's block of B (256·4·8 = 8 KB) in the L1 cache
;;     while every quad of the A block passes over it.
;;  4. Zeros. Rows of a panel that are all zeros (most of them when B holds pixels, e.g. X of the digits) add
;;     nothing: they are listed once after packing ($listNonzeroRows) and a panel block with some is multiplied
;;     by $tile4x4Sparse, which visits only the other rows. Dense panel blocks take the plain $tile4x4.
;;  5. Packing on the fly. When A is a single block of rows (m ≤ MC = 64; e.g. W1·X of the digits, even for the
;;     full batch: 64×784 · 784×8000) every panel block of B is used by one block of A only. Then each panel block
;;     is packed (and its rows of zeros listed) by $packPanel right before it is multiplied, into a small buffer
;;     that stays in the L1 cache, instead of packing all of B first (50 MB written and read twice for that
;;     784×8000 B). Not for $bTransposed (packed as a whole, as before).
;;  Products with one row (m = 1) or one column (n = 1), vector-shaped, skip the packing (see $rowTimesMatrix
;;  and $matrixTimesColumn): each value of A and B is used only once or m times, so the packing would cost more
;;  than it saves. With $bTransposed, $b holds Bᵀ (n×k) and only the packing differs ($packTransposed).
;;
;; Exactness: every C[i][j] is accumulated in one lane (or one scalar), p = 0, 1, …, k−1 in order, with a
;; separate multiply and add (no fused multiply-add), starting from +0: the same rounding as the reference triple
;; loop (lib/src/core/matmul.ts), so the result matches it bit for bit whenever A is finite, whatever B holds.
;; Skipping a row of B that is all +0 (4.) skips products that are ±0 when A[i][p] is finite, and adding ±0
;; changes no sum (a sum that starts at +0 never becomes −0). The one difference: where A[i][p] is NaN or
;; ±Infinity and the skipped B[p][j] is 0, the reference adds 0·NaN = NaN (it skips nothing) and this kernel
;; does not, so its C[i][j] may stay a number. The vector paths (m = 1 or n = 1) skip nothing.
;;
;; The FMA variant: the build also assembles matmul-fma.wasm from this file, where each multiply-add of the register
;; tiles ($tile4x4, $tile4x4Sparse, $tile1x4) is one f64x2.relaxed_madd (s·b + c rounded once: a fused multiply-add
;; instruction; scripts/build-wasm.mjs, fuseMultiplyAdds). Relaxed SIMD lets a CPU without FMA round twice, so the
;; variant gives these exact numbers there. On an FMA CPU the sums differ from the reference loop's in their last
;; bits (test/engine/matmul-fma.test.ts bounds it), and the variant runs 1.3–2× faster: an FMA does a multiply and an add
;; in one instruction, one cycle of issue instead of two. Everything else (order, zeros skipped, parts) is the same,
;; so it too gives the same numbers on any number of threads.
;;
;; Memory layout (byte addresses chosen by the caller, each 16-byte aligned):
;;   $a  A, m·k values          $b  B, k·n values (or Bᵀ, n·k values)
;;   $pk packed B, k·nPad values (nPad = n rounded up to a multiple of 4); packing on the fly (m ≤ 64, B not
;;       transposed): one panel block, min(k, 256)·4 values
;;   $c  C, m·nPad values of scratch; on return its first m·n values are C (row-major, n per row).
;;   $pa packed block of A, min(m, MC)·min(k, KC) values of scratch.
;;   $idx the lists of rows of packed B that are not all zeros, k·nPad/4 i32; $cnt their counts, one i32 per
;;        panel and block of p. Packing on the fly: $idx one panel block's list, min(k, 256) i32; $cnt unused.
;;
;; Threads: the memory is imported and shared (a SharedArrayBuffer underneath; a shared memory needs a declared
;; maximum: 32767 pages of 64 KiB, just under 2 GiB), so every thread of lib/src/engine/matmul-pool.ts
;; instantiates this same module over the same memory. A thread computes one part of C with the same code: rows
;; i0…i1 of C (A's rows, B whole) or columns j0…j1 (B's columns, rows $ldb apart; or Bᵀ's rows), cut at multiples
;; of 4 so that the quads of A and the panels of B — and with them every instruction that touches a C[i][j] — are
;; the same as on one thread.
(module
  (import "env" "memory" (memory 1 32767 shared))
  (export "memory" (memory 0))

  ;; Packs B into panels of 4 columns: pk[(q·k + p)·4 + t] = B[p][4q + t], and 0 past column n−1 (rows of B
  ;; $ldb values apart: B may be a block of columns of a wider matrix).
  (func $pack (param $b i32) (param $pk i32) (param $k i32) (param $n i32) (param $ldb i32)
    (local $q i32) (local $full i32) (local $rem i32) (local $p i32) (local $t i32)
    (local $src i32) (local $dst i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $ldb) (i32.const 3)))
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
  ;; $ap → the packed quad at p0 (A[i..i+3][p] at ap + 32·(p − p0)), $bp → the panel at row p0,
  ;; $c → C[i][j] (rows $ldc bytes apart). (Unrolling two values of p per turn measured slower in V8.)
  (func $tile4x4 (param $ap i32) (param $bp i32) (param $c i32) (param $ldc i32) (param $kc i32)
    (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $end i32)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
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
      (local.set $s (v128.load64_splat (local.get $ap)))
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load64_splat offset=8 (local.get $ap)))
      (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load64_splat offset=16 (local.get $ap)))
      (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load64_splat offset=24 (local.get $ap)))
      (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $ap (i32.add (local.get $ap) (i32.const 32)))
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

;; The same as $tile4x4, for a panel block with rows of four zeros: only the `count` rows listed at $list
  ;; (their byte offsets 32·(p − p0), in increasing p) are added — a row of zeros adds nothing. Both the panel
  ;; and the packed quad keep 32 bytes per p, so one offset finds both.
  (func $tile4x4Sparse (param $ap i32) (param $bp i32) (param $list i32) (param $count i32) (param $c i32) (param $ldc i32)
    (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $end i32) (local $off i32) (local $a i32) (local $b i32)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
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
    (local.set $end (i32.add (local.get $list) (i32.shl (local.get $count) (i32.const 2))))
    (loop $rows
      (local.set $off (i32.load (local.get $list)))
      (local.set $a (i32.add (local.get $ap) (local.get $off)))
      (local.set $b (i32.add (local.get $bp) (local.get $off)))
      (local.set $b0 (v128.load (local.get $b)))
      (local.set $b1 (v128.load offset=16 (local.get $b)))
      (local.set $s (v128.load64_splat (local.get $a)))
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load64_splat offset=8 (local.get $a)))
      (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load64_splat offset=16 (local.get $a)))
      (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load64_splat offset=24 (local.get $a)))
      (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $s) (local.get $b0))))
      (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $s) (local.get $b1))))
      (local.set $list (i32.add (local.get $list) (i32.const 4)))
      (br_if $rows (i32.lt_u (local.get $list) (local.get $end))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (v128.store (local.get $c1) (local.get $c10))
    (v128.store offset=16 (local.get $c1) (local.get $c11))
    (v128.store (local.get $c2) (local.get $c20))
    (v128.store offset=16 (local.get $c2) (local.get $c21))
    (v128.store (local.get $c3) (local.get $c30))
    (v128.store offset=16 (local.get $c3) (local.get $c31)))

  ;; Lists the rows of packed B that are not all zeros, per panel q and block of p (KC = 256): the byte offsets
  ;; 32·(p − p0) go to idx at [(q·k + p0) + j]·4 (j = 0, 1, …), their count to cnt[q·blocks + p0/KC].
  (func $listNonzeroRows (param $pk i32) (param $idx i32) (param $cnt i32) (param $k i32) (param $panels i32)
    (local $q i32) (local $p0 i32) (local $kc i32) (local $off i32) (local $row i32) (local $out i32) (local $count i32)
    (local $blocks i32)
    (local.set $blocks (i32.shr_u (i32.add (local.get $k) (i32.const 255)) (i32.const 8)))
    (block $panelsDone
      (loop $panelsLoop
        (br_if $panelsDone (i32.ge_u (local.get $q) (local.get $panels)))
        (local.set $p0 (i32.const 0))
        (block $blocksDone
          (loop $blocksLoop
            (br_if $blocksDone (i32.ge_u (local.get $p0) (local.get $k)))
            (local.set $kc (i32.sub (local.get $k) (local.get $p0)))
            (if (i32.gt_u (local.get $kc) (i32.const 256)) (then (local.set $kc (i32.const 256))))
            (local.set $row (i32.add (local.get $pk) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $k)) (local.get $p0)) (i32.const 5))))
            (local.set $out (i32.add (local.get $idx) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $k)) (local.get $p0)) (i32.const 2))))
            (local.set $count (i32.const 0))
            (local.set $off (i32.const 0))
            (loop $rows
              (if (v128.any_true (v128.or (v128.load (i32.add (local.get $row) (local.get $off)))
                                          (v128.load offset=16 (i32.add (local.get $row) (local.get $off)))))
                (then
                  (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $off))
                  (local.set $count (i32.add (local.get $count) (i32.const 1)))))
              (local.set $off (i32.add (local.get $off) (i32.const 32)))
              (br_if $rows (i32.lt_u (local.get $off) (i32.shl (local.get $kc) (i32.const 5)))))
            (i32.store
              (i32.add (local.get $cnt) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $blocks)) (i32.shr_u (local.get $p0) (i32.const 8))) (i32.const 2)))
              (local.get $count))
            (local.set $p0 (i32.add (local.get $p0) (local.get $kc)))
            (br $blocksLoop)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $panelsLoop))))

    ;; Packs quads·4 rows of A, columns p0…p0+kc−1, into quads: pa[(r·kc + p)·4 + t] = A[4r + t][p0 + p].
  ;; $a → A[i0][p0], rows $lda bytes apart.
  (func $packA (param $a i32) (param $lda i32) (param $pa i32) (param $quads i32) (param $kc i32)
    (local $r i32) (local $p i32) (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (block $quadsDone
      (loop $quadsLoop
        (br_if $quadsDone (i32.ge_u (local.get $r) (local.get $quads)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (i32.shl (local.get $r) (i32.const 2)) (local.get $lda))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $lda)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $lda)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $lda)))
        (local.set $p (i32.const 0))
        (loop $cols
          (f64.store (local.get $pa) (f64.load (i32.add (local.get $a0) (local.get $p))))
          (f64.store offset=8 (local.get $pa) (f64.load (i32.add (local.get $a1) (local.get $p))))
          (f64.store offset=16 (local.get $pa) (f64.load (i32.add (local.get $a2) (local.get $p))))
          (f64.store offset=24 (local.get $pa) (f64.load (i32.add (local.get $a3) (local.get $p))))
          (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (br_if $cols (i32.lt_u (local.get $p) (i32.shl (local.get $kc) (i32.const 3)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $quadsLoop))))

;; Packs one panel block on the fly, for a product whose A is one block of rows (m ≤ MC = 64, so each panel block
  ;; is used by one block of A only): kc rows of $cols ≤ 4 columns of B from $src (rows $rowBytes bytes apart) go to
  ;; $dst as 32-byte rows (0 past the last column), and the byte offsets 32·p of the rows that are not all zeros to
  ;; $list, in increasing p. Returns their count. Packing and listing in one pass, right before the block is
  ;; multiplied, keeps it in the L1 cache instead of packing all of B first (for a 784×8000 B that is 50 MB written,
  ;; read back to list its zeros, and read again to multiply).
  (func $packPanel (param $src i32) (param $rowBytes i32) (param $dst i32) (param $kc i32) (param $cols i32) (param $list i32)
        (result i32)
    (local $off i32) (local $end i32) (local $count i32) (local $t i32) (local $v0 v128) (local $v1 v128)
    (local.set $end (i32.shl (local.get $kc) (i32.const 5)))
    (loop $rows
      (if (i32.eq (local.get $cols) (i32.const 4))
        (then
          (local.set $v0 (v128.load (local.get $src)))
          (local.set $v1 (v128.load offset=16 (local.get $src)))
          (v128.store (local.get $dst) (local.get $v0))
          (v128.store offset=16 (local.get $dst) (local.get $v1)))
        (else
          (v128.store (local.get $dst) (v128.const i64x2 0 0))
          (v128.store offset=16 (local.get $dst) (v128.const i64x2 0 0))
          (local.set $t (i32.const 0))
          (loop $cols
            (f64.store
              (i32.add (local.get $dst) (i32.shl (local.get $t) (i32.const 3)))
              (f64.load (i32.add (local.get $src) (i32.shl (local.get $t) (i32.const 3)))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br_if $cols (i32.lt_u (local.get $t) (local.get $cols))))
          (local.set $v0 (v128.load (local.get $dst)))
          (local.set $v1 (v128.load offset=16 (local.get $dst)))))
      (if (v128.any_true (v128.or (local.get $v0) (local.get $v1)))
        (then
          (i32.store (i32.add (local.get $list) (i32.shl (local.get $count) (i32.const 2))) (local.get $off))
          (local.set $count (i32.add (local.get $count) (i32.const 1)))))
      (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
      (local.set $off (i32.add (local.get $off) (i32.const 32)))
      (br_if $rows (i32.lt_u (local.get $off) (local.get $end))))
    (local.get $count))

  ;; Packs B from its transpose Bt (n×k, row-major) into the same panels as $pack: pk[(q·k + p)·4 + t] =
  ;; B[p][4q + t] = Bt[4q + t][p]. Whole panels are quads of rows of Bt ($packA); the last one is padded with 0.
  (func $packTransposed (param $bt i32) (param $pk i32) (param $k i32) (param $n i32)
    (local $full i32) (local $rem i32) (local $src i32) (local $dst i32) (local $p i32) (local $t i32) (local $kBytes i32)
    (local.set $kBytes (i32.shl (local.get $k) (i32.const 3)))
    (local.set $full (i32.shr_u (local.get $n) (i32.const 2)))
    (local.set $rem (i32.and (local.get $n) (i32.const 3)))
    (call $packA (local.get $bt) (local.get $kBytes) (local.get $pk) (local.get $full) (local.get $k))
    (if (local.get $rem)
      (then
        (local.set $src (i32.add (local.get $bt) (i32.mul (i32.shl (local.get $full) (i32.const 2)) (local.get $kBytes))))
        (local.set $dst (i32.add (local.get $pk) (i32.mul (local.get $full) (i32.shl (local.get $kBytes) (i32.const 2)))))
        (loop $rows
          (v128.store (local.get $dst) (v128.const i64x2 0 0))
          (v128.store offset=16 (local.get $dst) (v128.const i64x2 0 0))
          (local.set $t (i32.const 0))
          (loop $cols
            (f64.store
              (i32.add (local.get $dst) (i32.shl (local.get $t) (i32.const 3)))
              (f64.load (i32.add (i32.add (local.get $src) (i32.mul (local.get $t) (local.get $kBytes))) (local.get $p))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br_if $cols (i32.lt_u (local.get $t) (local.get $rem))))
          (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (br_if $rows (i32.lt_u (local.get $p) (local.get $kBytes)))))))

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

  ;; C (1×n) = a (1×k) · B (k×n), straight from row-major B (no packing, no padding): eight columns at a time
  ;; in four f64x2 accumulators, each walking down B (rows n·8 bytes apart); then pairs, then a last column.
  (func $rowTimesMatrix (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $n i32)
    (local $j i32) (local $rowBytes i32) (local $ap i32) (local $bp i32) (local $end i32) (local $s v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $x f64)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3))))
    (block $eightsDone
      (loop $eights
        (br_if $eightsDone (i32.gt_u (i32.add (local.get $j) (i32.const 8)) (local.get $n)))
        (local.set $c0 (v128.const i64x2 0 0))
        (local.set $c1 (v128.const i64x2 0 0))
        (local.set $c2 (v128.const i64x2 0 0))
        (local.set $c3 (v128.const i64x2 0 0))
        (local.set $ap (local.get $a))
        (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (loop $p
          (local.set $s (v128.load64_splat (local.get $ap)))
          (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $s) (v128.load (local.get $bp)))))
          (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $s) (v128.load offset=16 (local.get $bp)))))
          (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $s) (v128.load offset=32 (local.get $bp)))))
          (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $s) (v128.load offset=48 (local.get $bp)))))
          (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
          (local.set $bp (i32.add (local.get $bp) (local.get $rowBytes)))
          (br_if $p (i32.lt_u (local.get $ap) (local.get $end))))
        (local.set $bp (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (v128.store (local.get $bp) (local.get $c0))
        (v128.store offset=16 (local.get $bp) (local.get $c1))
        (v128.store offset=32 (local.get $bp) (local.get $c2))
        (v128.store offset=48 (local.get $bp) (local.get $c3))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $eights)))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $n)))
        (local.set $c0 (v128.const i64x2 0 0))
        (local.set $ap (local.get $a))
        (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (loop $p
          (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (v128.load64_splat (local.get $ap)) (v128.load (local.get $bp)))))
          (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
          (local.set $bp (i32.add (local.get $bp) (local.get $rowBytes)))
          (br_if $p (i32.lt_u (local.get $ap) (local.get $end))))
        (v128.store (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))) (local.get $c0))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_u (local.get $j) (local.get $n))
      (then
        (local.set $x (f64.const 0))
        (local.set $ap (local.get $a))
        (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (loop $p
          (local.set $x (f64.add (local.get $x) (f64.mul (f64.load (local.get $ap)) (f64.load (local.get $bp)))))
          (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
          (local.set $bp (i32.add (local.get $bp) (local.get $rowBytes)))
          (br_if $p (i32.lt_u (local.get $ap) (local.get $end))))
        (f64.store (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))) (local.get $x)))))

  ;; C (m×1) = A (m×k) · x (k×1), straight from row-major A: dot products of rows with x, four rows at a time
  ;; (four independent sums keep the adder busy), then the leftover rows.
  (func $matrixTimesColumn (param $a i32) (param $x i32) (param $c i32) (param $m i32) (param $k i32)
    (local $i i32) (local $lda i32) (local $p i32) (local $kBytes i32) (local $a0 i32) (local $xp f64)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local.set $kBytes (i32.shl (local.get $k) (i32.const 3)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $kBytes))))
        (local.set $s0 (f64.const 0))
        (local.set $s1 (f64.const 0))
        (local.set $s2 (f64.const 0))
        (local.set $s3 (f64.const 0))
        (local.set $p (i32.const 0))
        (loop $dot
          (local.set $xp (f64.load (i32.add (local.get $x) (local.get $p))))
          (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (i32.add (local.get $a0) (local.get $p))) (local.get $xp))))
          (local.set $s1 (f64.add (local.get $s1)
            (f64.mul (f64.load (i32.add (i32.add (local.get $a0) (local.get $kBytes)) (local.get $p))) (local.get $xp))))
          (local.set $s2 (f64.add (local.get $s2)
            (f64.mul (f64.load (i32.add (i32.add (local.get $a0) (i32.shl (local.get $kBytes) (i32.const 1))) (local.get $p))) (local.get $xp))))
          (local.set $s3 (f64.add (local.get $s3)
            (f64.mul (f64.load (i32.add (i32.add (local.get $a0) (i32.mul (local.get $kBytes) (i32.const 3))) (local.get $p))) (local.get $xp))))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (br_if $dot (i32.lt_u (local.get $p) (local.get $kBytes))))
        (f64.store (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3))) (local.get $s0))
        (f64.store offset=8 (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3))) (local.get $s1))
        (f64.store offset=16 (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3))) (local.get $s2))
        (f64.store offset=24 (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3))) (local.get $s3))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quads)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $kBytes))))
        (local.set $s0 (f64.const 0))
        (local.set $p (i32.const 0))
        (loop $dot
          (local.set $s0 (f64.add (local.get $s0)
            (f64.mul (f64.load (i32.add (local.get $a0) (local.get $p))) (f64.load (i32.add (local.get $x) (local.get $p))))))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (br_if $dot (i32.lt_u (local.get $p) (local.get $kBytes))))
        (f64.store (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3))) (local.get $s0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; C = A·B (see the layout at the top); k = 0 gives C = 0. With $bTransposed = 1, $b holds Bᵀ instead of B (n×k,
  ;; row-major; e.g. dW = dZ·Aᵀ without transposing A first): only the packing differs. $ldb is the length of B's
  ;; rows in memory: n, or more when B is a block of n columns of a wider matrix (a thread's part; not transposed,
  ;; and n > 1, m > 1: the vector paths read B with rows n values apart).
  (func (export "matmul") (param $a i32) (param $b i32) (param $pk i32) (param $c i32) (param $pa i32)
        (param $idx i32) (param $cnt i32) (param $m i32) (param $k i32) (param $n i32) (param $bTransposed i32)
        (param $ldb i32)
    (local $nPad i32) (local $panels i32) (local $lda i32) (local $ldc i32)
    (local $p0 i32) (local $kc i32) (local $i0 i32) (local $mc i32) (local $quads i32)
    (local $q i32) (local $r i32) (local $i i32) (local $bp i32) (local $cq i32)
    (local $blocks i32) (local $count i32) (local $list i32) (local $fly i32) (local $cols i32)
    (if (i32.eqz (local.get $k))
      (then (memory.fill (local.get $c) (i32.const 0) (i32.shl (i32.mul (local.get $m) (local.get $n)) (i32.const 3))) (return)))
    ;; vectors: a row times Bᵀ is Bᵀ times that row as a column; a 1×k Bᵀ holds the same values as a k×1 B
    (if (i32.and (i32.eq (local.get $m) (i32.const 1)) (local.get $bTransposed))
      (then (call $matrixTimesColumn (local.get $b) (local.get $a) (local.get $c) (local.get $n) (local.get $k)) (return)))
    (if (i32.eq (local.get $m) (i32.const 1))
      (then (call $rowTimesMatrix (local.get $a) (local.get $b) (local.get $c) (local.get $k) (local.get $n)) (return)))
    (if (i32.eq (local.get $n) (i32.const 1))
      (then (call $matrixTimesColumn (local.get $a) (local.get $b) (local.get $c) (local.get $m) (local.get $k)) (return)))
    (local.set $nPad (i32.and (i32.add (local.get $n) (i32.const 3)) (i32.const -4)))
    (local.set $panels (i32.shr_u (local.get $nPad) (i32.const 2)))
    (local.set $lda (i32.shl (local.get $k) (i32.const 3)))
    (local.set $ldc (i32.shl (local.get $nPad) (i32.const 3)))
    ;; one block of rows of A and B not transposed: pack each panel block right before its use ($packPanel);
    ;; otherwise pack all of B first, as every block of rows of A reuses it
    (local.set $fly (i32.and (i32.le_u (local.get $m) (i32.const 64)) (i32.eqz (local.get $bTransposed))))
    (if (i32.eqz (local.get $fly))
      (then
        (if (local.get $bTransposed)
          (then (call $packTransposed (local.get $b) (local.get $pk) (local.get $k) (local.get $n)))
          (else (call $pack (local.get $b) (local.get $pk) (local.get $k) (local.get $n) (local.get $ldb))))
        (call $listNonzeroRows (local.get $pk) (local.get $idx) (local.get $cnt) (local.get $k) (local.get $panels))))
    (local.set $blocks (i32.shr_u (i32.add (local.get $k) (i32.const 255)) (i32.const 8)))
    (memory.fill (local.get $c) (i32.const 0) (i32.mul (local.get $m) (local.get $ldc)))
    ;; blocks of p (KC = 256)
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $p0) (local.get $k)))
        (local.set $kc (i32.sub (local.get $k) (local.get $p0)))
        (if (i32.gt_u (local.get $kc) (i32.const 256)) (then (local.set $kc (i32.const 256))))
        ;; blocks of rows of A (MC = 64): whole quads are packed, the last block's leftover rows are read in place
        (local.set $i0 (i32.const 0))
        (block $rowBlocksDone
          (loop $rowBlocks
            (br_if $rowBlocksDone (i32.ge_u (local.get $i0) (local.get $m)))
            (local.set $mc (i32.sub (local.get $m) (local.get $i0)))
            (if (i32.gt_u (local.get $mc) (i32.const 64)) (then (local.set $mc (i32.const 64))))
            (local.set $quads (i32.shr_u (local.get $mc) (i32.const 2)))
            (call $packA
              (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $i0) (local.get $k)) (local.get $p0)) (i32.const 3)))
              (local.get $lda) (local.get $pa) (local.get $quads) (local.get $kc))
            ;; panels of B (4 columns of C each)
            (local.set $q (i32.const 0))
            (block $panelsDone
              (loop $panelsLoop
                (br_if $panelsDone (i32.ge_u (local.get $q) (local.get $panels)))
                (local.set $cq (i32.add (local.get $c)
                  (i32.add (i32.mul (local.get $i0) (local.get $ldc)) (i32.shl (local.get $q) (i32.const 5)))))
                ;; the packed panel block, how many of its rows are not all zeros, and where they are listed
                (if (local.get $fly)
                  (then
                    (local.set $bp (local.get $pk))
                    (local.set $list (local.get $idx))
                    (local.set $cols (i32.sub (local.get $n) (i32.shl (local.get $q) (i32.const 2))))
                    (if (i32.gt_u (local.get $cols) (i32.const 4)) (then (local.set $cols (i32.const 4))))
                    (local.set $count (call $packPanel
                      (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $p0) (local.get $ldb)) (i32.shl (local.get $q) (i32.const 2))) (i32.const 3)))
                      (i32.shl (local.get $ldb) (i32.const 3)) (local.get $bp) (local.get $kc) (local.get $cols) (local.get $list))))
                  (else
                    (local.set $bp (i32.add (local.get $pk)
                      (i32.shl (i32.add (i32.mul (local.get $q) (local.get $k)) (local.get $p0)) (i32.const 5))))
                    (local.set $count (i32.load (i32.add (local.get $cnt)
                      (i32.shl (i32.add (i32.mul (local.get $q) (local.get $blocks)) (i32.shr_u (local.get $p0) (i32.const 8))) (i32.const 2)))))
                    (local.set $list (i32.add (local.get $idx)
                      (i32.shl (i32.add (i32.mul (local.get $q) (local.get $k)) (local.get $p0)) (i32.const 2))))))
                ;; the quads of the block (all rows of the panel block, or only the listed ones), then its leftover rows
                (local.set $r (i32.const 0))
                (block $quadsDone
                  (loop $quadsLoop
                    (br_if $quadsDone (i32.ge_u (local.get $r) (local.get $quads)))
                    (if (i32.eq (local.get $count) (local.get $kc))
                      (then
                        (call $tile4x4
                          (i32.add (local.get $pa) (i32.mul (local.get $r) (i32.shl (local.get $kc) (i32.const 5))))
                          (local.get $bp)
                          (i32.add (local.get $cq) (i32.mul (i32.shl (local.get $r) (i32.const 2)) (local.get $ldc)))
                          (local.get $ldc)
                          (local.get $kc)))
                      (else
                        (if (local.get $count)
                          (then
                            (call $tile4x4Sparse
                              (i32.add (local.get $pa) (i32.mul (local.get $r) (i32.shl (local.get $kc) (i32.const 5))))
                              (local.get $bp)
                              (local.get $list)
                              (local.get $count)
                              (i32.add (local.get $cq) (i32.mul (i32.shl (local.get $r) (i32.const 2)) (local.get $ldc)))
                              (local.get $ldc))))))
                    (local.set $r (i32.add (local.get $r) (i32.const 1)))
                    (br $quadsLoop)))
                (local.set $i (i32.add (local.get $i0) (i32.shl (local.get $quads) (i32.const 2))))
                (block $rowsDone
                  (loop $rows
                    (br_if $rowsDone (i32.ge_u (local.get $i) (i32.add (local.get $i0) (local.get $mc))))
                    (call $tile1x4
                      (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $k)) (local.get $p0)) (i32.const 3)))
                      (local.get $bp)
                      (i32.add (i32.add (local.get $c) (i32.shl (local.get $q) (i32.const 5))) (i32.mul (local.get $i) (local.get $ldc)))
                      (local.get $kc))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $rows)))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $panelsLoop)))
            (local.set $i0 (i32.add (local.get $i0) (local.get $mc)))
            (br $rowBlocks)))
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
