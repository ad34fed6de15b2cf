;; The fused engine's elementwise loops in 128-bit SIMD, two float64 values at a time (see
;; lib/src/engine/elementwise-wasm.ts, which copies the values in and out). Assembled at build time like
;; matmul.wat.
;;
;; e^x, tanh x and ln(1 + x) without a library call (ln(1 + x): see $log1pUnit): x = k·ln 2 + r with k = nearest(x·log2 e) and |r| ≤ ln 2 / 2, so
;; e^x = 2^k·e^r (k rounded by adding 1.5·2⁵², 2^k built from its bits), with
;;   e^r − 1 = r + r²·(1/2! + r/3! + … + r¹¹/13!)   (Estrin's scheme: pairs, then pairs of pairs)
;; No branch depends on the data: a lane's choice (σ's two forms,
;; the last odd value) is a bit select. Clamps use pmin/pmax (one instruction each; written so that NaN passes
;; through: pmin(x, c) is c < x ? c : x). Plain multiplies and adds (no fused multiply-add), so every machine with
;; SIMD gives the same numbers. Only the fused "wasm" product kernel's engine uses these (its last bits differ
;; from the readable code's anyway); "wasm-exact" keeps Math.exp and Math.tanh. The helpers marked @inline are
;; copied into the loops that call them by scripts/build-wasm.mjs (Node 20's compiler would call them).
(module
  (memory (export "memory") 1 32767)

  ;; e^r − 1 for |r| ≤ ln 2 / 2, both lanes.
  ;; @inline
  (func $expm1Reduced (param $r v128) (result v128)
    (local $r2 v128) (local $r4 v128) (local $p v128)
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $r4 (f64x2.mul (local.get $r2) (local.get $r2)))
    ;; p = (c2 + c3 r) + (c4 + c5 r)·r² + ((c6 + c7 r) + (c8 + c9 r)·r²)·r⁴ + ((c10 + c11 r) + (c12 + c13 r)·r²)·r⁸
    (local.set $p
      (f64x2.add
        (f64x2.add
          (f64x2.add
            (f64x2.add (v128.const f64x2 0.5 0.5)
              (f64x2.mul (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3) (local.get $r)))
            (f64x2.mul (local.get $r2)
              (f64x2.add (v128.const f64x2 0x1.5555555555555p-5 0x1.5555555555555p-5)
                (f64x2.mul (v128.const f64x2 0x1.1111111111111p-7 0x1.1111111111111p-7) (local.get $r)))))
          (f64x2.mul (local.get $r4)
            (f64x2.add
              (f64x2.add (v128.const f64x2 0x1.6c16c16c16c17p-10 0x1.6c16c16c16c17p-10)
                (f64x2.mul (v128.const f64x2 0x1.a01a01a01a01ap-13 0x1.a01a01a01a01ap-13) (local.get $r)))
              (f64x2.mul (local.get $r2)
                (f64x2.add (v128.const f64x2 0x1.a01a01a01a01ap-16 0x1.a01a01a01a01ap-16)
                  (f64x2.mul (v128.const f64x2 0x1.71de3a556c734p-19 0x1.71de3a556c734p-19) (local.get $r)))))))
        (f64x2.mul (f64x2.mul (local.get $r4) (local.get $r4))
          (f64x2.add
            (f64x2.add (v128.const f64x2 0x1.27e4fb7789f5cp-22 0x1.27e4fb7789f5cp-22)
              (f64x2.mul (v128.const f64x2 0x1.ae64567f544e4p-26 0x1.ae64567f544e4p-26) (local.get $r)))
            (f64x2.mul (local.get $r2)
              (f64x2.add (v128.const f64x2 0x1.1eed8eff8d898p-29 0x1.1eed8eff8d898p-29)
                (f64x2.mul (v128.const f64x2 0x1.6124613a86d09p-33 0x1.6124613a86d09p-33) (local.get $r))))))))
    (f64x2.add (local.get $r) (f64x2.mul (local.get $r2) (local.get $p))))

  ;; 2^k from kd = k + 1.5·2⁵² (k whole, in [−1022, 1023]), both lanes: kd's low bits hold k, so shifting
  ;; kd's bits + 1023 left by 52 leaves exactly the exponent k + 1023 (the bits above fall off), fraction 0.
  ;; @inline
  (func $pow2 (param $kd v128) (result v128)
    (i64x2.shl (i64x2.add (local.get $kd) (v128.const i64x2 1023 1023)) (i32.const 52)))

  ;; kd = t rounded to a whole number, + 1.5·2⁵² (adding 1.5·2⁵² rounds to the nearest, ties to even, for |t| < 2⁵¹).
  ;; @inline
  (func $roundShifted (param $t v128) (result v128)
    (f64x2.add (local.get $t) (v128.const f64x2 0x1.8p52 0x1.8p52)))

  ;; e^x for x ≤ 0, both lanes; x below −708 is taken as −708 (e^−708 ≈ 3·10⁻³⁰⁸, 2^k still a normal double).
  ;; @inline
  (func $expNonPositive (param $x v128) (result v128)
    (local $kd v128) (local $k v128) (local $r v128) (local $s v128)
    (local.set $x (f64x2.pmax (local.get $x) (v128.const f64x2 -708 -708)))
    (local.set $kd (call $roundShifted (f64x2.mul (local.get $x) (v128.const f64x2 0x1.71547652b82fep0 0x1.71547652b82fep0))))
    (local.set $k (f64x2.sub (local.get $kd) (v128.const f64x2 0x1.8p52 0x1.8p52)))
    ;; r = x − k·ln 2, ln 2 in two parts (k·hi is exact)
    (local.set $r
      (f64x2.sub
        (f64x2.sub (local.get $x) (f64x2.mul (local.get $k) (v128.const f64x2 0x1.62e42fee00000p-1 0x1.62e42fee00000p-1)))
        (f64x2.mul (local.get $k) (v128.const f64x2 0x1.a39ef35793c76p-33 0x1.a39ef35793c76p-33))))
    (local.set $s (call $pow2 (local.get $kd)))
    (f64x2.add (f64x2.mul (local.get $s) (call $expm1Reduced (local.get $r))) (local.get $s)))

  ;; tanh x = −u/(2 + u), u = e^(−2x) − 1 = 2^k·(e^r − 1) + (2^k − 1); x held to ±19.1 (tanh is 1 there to the last bit).
  ;; @inline
  (func $tanh (param $x v128) (result v128)
    (local $y v128) (local $kd v128) (local $k v128) (local $r v128) (local $s v128) (local $u v128)
    (local.set $y
      (f64x2.mul (v128.const f64x2 -2 -2)
        (f64x2.pmax (f64x2.pmin (local.get $x) (v128.const f64x2 19.1 19.1)) (v128.const f64x2 -19.1 -19.1))))
    (local.set $kd (call $roundShifted (f64x2.mul (local.get $y) (v128.const f64x2 0x1.71547652b82fep0 0x1.71547652b82fep0))))
    (local.set $k (f64x2.sub (local.get $kd) (v128.const f64x2 0x1.8p52 0x1.8p52)))
    (local.set $r
      (f64x2.sub
        (f64x2.sub (local.get $y) (f64x2.mul (local.get $k) (v128.const f64x2 0x1.62e42fee00000p-1 0x1.62e42fee00000p-1)))
        (f64x2.mul (local.get $k) (v128.const f64x2 0x1.a39ef35793c76p-33 0x1.a39ef35793c76p-33))))
    (local.set $s (call $pow2 (local.get $kd)))
    (local.set $u
      (f64x2.add (f64x2.mul (local.get $s) (call $expm1Reduced (local.get $r)))
        (f64x2.sub (local.get $s) (v128.const f64x2 1 1))))
    (f64x2.div (f64x2.neg (local.get $u)) (f64x2.add (v128.const f64x2 2 2) (local.get $u))))

  ;; ln(1 + e) for 0 ≤ e ≤ 1 and inv = 1/(1 + e) rounded (the caller has it: σ's), both lanes, to a few ulp
  ;; relative even for tiny e: u = 1 + e rounded, with d = e − (u − 1) exactly what the rounding lost, so
  ;; ln(1 + e) = ln u + d/u (to far below the last bit); ln u = k ln 2 + ln(1 + f) with u = 2^k (1 + f), k = 1
  ;; when u > √2; and ln(1 + f) = 2 atanh s = s·(2 + t·(2/3 + 2t/5 + … + 2t¹⁰/23)), s = f/(2 + f), t = s², |s| ≤ 0.172
  ;; (the rest of the series is below 2⁻⁵⁸ of it).
  ;; @inline
  (func $log1pUnit (param $e v128) (param $inv v128) (result v128)
    (local $u v128) (local $big v128) (local $f v128) (local $s v128) (local $t v128) (local $t2 v128) (local $t4 v128)
    (local $p v128) (local $k v128)
    (local.set $u (f64x2.add (v128.const f64x2 1 1) (local.get $e)))
    (local.set $big (f64x2.gt (local.get $u) (v128.const f64x2 0x1.6a09e667f3bcdp+0 0x1.6a09e667f3bcdp+0)))
    (local.set $k (v128.and (local.get $big) (v128.const f64x2 1 1)))
    (local.set $f
      (f64x2.sub
        (v128.bitselect (f64x2.mul (local.get $u) (v128.const f64x2 0.5 0.5)) (local.get $u) (local.get $big))
        (v128.const f64x2 1 1)))
    (local.set $s (f64x2.div (local.get $f) (f64x2.add (v128.const f64x2 2 2) (local.get $f))))
    (local.set $t (f64x2.mul (local.get $s) (local.get $s)))
    (local.set $t2 (f64x2.mul (local.get $t) (local.get $t)))
    (local.set $t4 (f64x2.mul (local.get $t2) (local.get $t2)))
    ;; p = Σ 2tⁿ/(2n + 3), n = 0…10, by pairs (Estrin's scheme)
    (local.set $p
      (f64x2.add
        (f64x2.add
          (f64x2.add
            (f64x2.add (v128.const f64x2 0x1.5555555555555p-1 0x1.5555555555555p-1)
              (f64x2.mul (v128.const f64x2 0x1.999999999999ap-2 0x1.999999999999ap-2) (local.get $t)))
            (f64x2.mul (local.get $t2)
              (f64x2.add (v128.const f64x2 0x1.2492492492492p-2 0x1.2492492492492p-2)
                (f64x2.mul (v128.const f64x2 0x1.c71c71c71c71cp-3 0x1.c71c71c71c71cp-3) (local.get $t)))))
          (f64x2.mul (local.get $t4)
            (f64x2.add
              (f64x2.add (v128.const f64x2 0x1.745d1745d1746p-3 0x1.745d1745d1746p-3)
                (f64x2.mul (v128.const f64x2 0x1.3b13b13b13b14p-3 0x1.3b13b13b13b14p-3) (local.get $t)))
              (f64x2.mul (local.get $t2)
                (f64x2.add (v128.const f64x2 0x1.1111111111111p-3 0x1.1111111111111p-3)
                  (f64x2.mul (v128.const f64x2 0x1.e1e1e1e1e1e1ep-4 0x1.e1e1e1e1e1e1ep-4) (local.get $t)))))))
        (f64x2.mul (f64x2.mul (local.get $t4) (local.get $t4))
          (f64x2.add
            (f64x2.add (v128.const f64x2 0x1.af286bca1af28p-4 0x1.af286bca1af28p-4)
              (f64x2.mul (v128.const f64x2 0x1.8618618618618p-4 0x1.8618618618618p-4) (local.get $t)))
            (f64x2.mul (local.get $t2) (v128.const f64x2 0x1.642c8590b2164p-4 0x1.642c8590b2164p-4))))))
    ;; k·ln 2 (in two parts) + ln(1 + f) + d/u, d = e − (u − 1)
    (f64x2.add
      (f64x2.mul (local.get $k) (v128.const f64x2 0x1.62e42fee00000p-1 0x1.62e42fee00000p-1))
      (f64x2.add
        (f64x2.mul (local.get $s) (f64x2.add (v128.const f64x2 2 2) (f64x2.mul (local.get $t) (local.get $p))))
        (f64x2.add
          (f64x2.mul (local.get $k) (v128.const f64x2 0x1.a39ef35793c76p-33 0x1.a39ef35793c76p-33))
          (f64x2.mul
            (f64x2.sub (local.get $e) (f64x2.sub (local.get $u) (v128.const f64x2 1 1)))
            (local.get $inv))))))

  ;; For each of `rows` rows of m values (m ≥ 2): zb = z + b_i and a = tanh(zb). Pairs of values; an odd m's last
  ;; pair overlaps the one before (both are written again with the same values: the inputs are not the outputs).
  (func (export "tanhBias") (param $z i32) (param $zb i32) (param $a i32) (param $b i32) (param $rows i32) (param $m i32)
    (local $i i32) (local $j i32) (local $off i32) (local $row i32) (local $bias v128) (local $v v128)
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $bias (f64x2.splat (f64.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $row (i32.shl (i32.mul (local.get $i) (local.get $m)) (i32.const 3)))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $eachPair
            (br_if $pairsDone (i32.ge_u (local.get $j) (local.get $m)))
            ;; off = bytes to the pair at min(j, m − 2)
            (local.set $off
              (i32.add (local.get $row)
                (i32.shl
                  (select (local.get $j) (i32.sub (local.get $m) (i32.const 2))
                    (i32.le_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))
                  (i32.const 3))))
            (local.set $v (f64x2.add (v128.load (i32.add (local.get $z) (local.get $off))) (local.get $bias)))
            (v128.store (i32.add (local.get $zb) (local.get $off)) (local.get $v))
            (v128.store (i32.add (local.get $a) (local.get $off)) (call $tanh (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $eachPair)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $eachRow))))

  ;; The sigmoid output of a training step over one row of m logits (m ≥ 1), from one e^(−|z|) per value:
  ;;   zb = z + bias,  a = σ(zb) (1/(1 + e) for zb ≥ 0, e/(1 + e) below),  dz = a − y,
  ;; and at $res: [0] Σ crossEntropyOfLogit(zb, y) = Σ max(zb, 0) − zb·y + ln(1 + e) and [1] Σ dz (each the sum of
  ;; its two lanes' sums). An odd m's last value is paired with the value past the end (room the caller leaves),
  ;; its lane set to z = y = 0 and left out of both sums.
  (func (export "sigmoidOutput") (param $z i32) (param $zb i32) (param $a i32) (param $y i32) (param $dz i32)
    (param $m i32) (param $bias f64) (param $res i32)
    (local $j i32) (local $off i32)
    (local $b v128) (local $v v128) (local $yv v128) (local $e v128) (local $inv v128) (local $av v128)
    (local $d v128) (local $live v128) (local $cost v128) (local $sumD v128)
    (local.set $b (f64x2.splat (local.get $bias)))
    (block $done
      (loop $eachPair
        (br_if $done (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $off (i32.shl (local.get $j) (i32.const 3)))
        ;; both lanes live, or only the first (the last pair of an odd m)
        (local.set $live
          (select (v128.const i64x2 -1 -1) (v128.const i64x2 -1 0)
            (i32.le_u (i32.add (local.get $j) (i32.const 2)) (local.get $m))))
        (local.set $v
          (v128.and (local.get $live)
            (f64x2.add (v128.load (i32.add (local.get $z) (local.get $off))) (local.get $b))))
        (local.set $yv (v128.and (local.get $live) (v128.load (i32.add (local.get $y) (local.get $off)))))
        (local.set $e (call $expNonPositive (f64x2.neg (f64x2.abs (local.get $v)))))
        (local.set $inv (f64x2.div (v128.const f64x2 1 1) (f64x2.add (v128.const f64x2 1 1) (local.get $e))))
        (local.set $av
          (v128.bitselect (local.get $inv) (f64x2.mul (local.get $e) (local.get $inv))
            (f64x2.ge (local.get $v) (v128.const f64x2 0 0))))
        (local.set $d (f64x2.sub (local.get $av) (local.get $yv)))
        (v128.store (i32.add (local.get $zb) (local.get $off)) (local.get $v))
        (v128.store (i32.add (local.get $a) (local.get $off)) (local.get $av))
        (v128.store (i32.add (local.get $dz) (local.get $off)) (local.get $d))
        (local.set $cost
          (f64x2.add (local.get $cost)
            (v128.and (local.get $live)
              (f64x2.add
                (f64x2.sub (f64x2.pmax (local.get $v) (v128.const f64x2 0 0)) (f64x2.mul (local.get $v) (local.get $yv)))
                (call $log1pUnit (local.get $e) (local.get $inv))))))
        (local.set $sumD (f64x2.add (local.get $sumD) (v128.and (local.get $live) (local.get $d))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $eachPair)))
    (f64.store (local.get $res)
      (f64.add (f64x2.extract_lane 0 (local.get $cost)) (f64x2.extract_lane 1 (local.get $cost))))
    (f64.store offset=8 (local.get $res)
      (f64.add (f64x2.extract_lane 0 (local.get $sumD)) (f64x2.extract_lane 1 (local.get $sumD)))))
)
