/** WAT sources of the benchmark contracts (compiled at bench start with wabt). */

/** FNV-1a over 64 KiB of memory, `reps` times: a hash kernel (multiply dependency chain). */
export const FNV_KERNEL = (reps: number): string => `(module (memory (export "memory") 1)
  (func (export "Run") (result i32) (local $i i32) (local $h i32) (local $r i32)
    (local.set $h (i32.const 0x811c9dc5))
    (loop $rep
      (local.set $i (i32.const 0))
      (loop $l
        (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $i))) (i32.const 0x01000193)))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 65536))))
      (br_if $rep (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const ${reps}))))
    ;; Store the hash so the optimiser cannot drop the computation.
    (i32.store (i32.const 0) (local.get $h)) (i32.const 0)))`;

/** Insertion sort of n LCG-generated i32s: a branchy kernel with loads and stores. */
export const SORT_KERNEL = (n: number): string => `(module (memory (export "memory") 1)
  (func $fill (param $n i32) (local $i i32) (local $x i32)
    (local.set $x (i32.const 12345))
    (loop $l
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $x))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  (func $sort (param $n i32) (local $i i32) (local $j i32) (local $key i32) (local $x i32)
    (local.set $i (i32.const 1))
    (block $done (loop $outer
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $key (i32.load (i32.shl (local.get $i) (i32.const 2))))
      (local.set $j (i32.sub (local.get $i) (i32.const 1)))
      (block $stop (loop $inner
        (br_if $stop (i32.lt_s (local.get $j) (i32.const 0)))
        (local.set $x (i32.load (i32.shl (local.get $j) (i32.const 2))))
        (br_if $stop (i32.le_s (local.get $x) (local.get $key)))
        (i32.store (i32.add (i32.shl (local.get $j) (i32.const 2)) (i32.const 4)) (local.get $x))
        (local.set $j (i32.sub (local.get $j) (i32.const 1)))
        (br $inner)))
      (i32.store (i32.add (i32.shl (local.get $j) (i32.const 2)) (i32.const 4)) (local.get $key))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $outer))))
  (func (export "Run") (result i32) (call $fill (i32.const ${n})) (call $sort (i32.const ${n})) (i32.const 0)))`;

/** The tightest possible loop (one add per iteration): the worst case for per-block metering. */
export const SUM_KERNEL = (n: number): string => `(module (memory (export "memory") 1)
  (func (export "Run") (result i32) (local $i i32) (local $s i64)
    (loop $l
      (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $i))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const ${n}))))
    (i64.store (i32.const 0) (local.get $s)) (i32.const 0)))`;

/** A loop making `n` host calls (get_caller writes 20 bytes into memory each time). */
export const HOST_CALL_KERNEL = (n: number): string => `(module
  (import "env" "get_caller" (func $caller (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "Run") (result i32) (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (call $caller (i32.and (local.get $i) (i32.const 1023)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const ${n}))))
    (i32.store (i32.const 2048) (local.get $acc)) (i32.const 0)))`;

export const TRIVIAL = `(module (memory (export "memory") 1) (func (export "Run") (result i32) i32.const 0))`;
