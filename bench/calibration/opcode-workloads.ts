/**
 * Calibration workloads for the wasm instruction classes the cost table prices. Each operation
 * is a dependency chain on a local (so no optimiser can drop or overlap it), unrolled eight
 * times so it dominates the loop around it.
 */
import type { Workload } from './runner.js';

const x8 = (s: string): string => Array.from({ length: 8 }, () => s).join('\n');

const IDENTITY = `(type $t (func (param i64) (result i64)))
  (func $id (type $t) (param i64) (result i64) (i64.add (local.get 0) (i64.const 1)))
  (table 1 funcref) (elem (i32.const 0) $id)`;

export const OPCODE_WORKLOADS: readonly Workload[] = [
  { name: 'i32 add/xor', op: x8('(local.set $t (i32.xor (i32.add (local.get $t) (local.get $i)) (i32.const 0x5bd1e995)))'), iterations: 1_000_000 },
  { name: 'i64 add/xor', op: x8('(local.set $x (i64.xor (i64.add (local.get $x) (local.get $y)) (i64.const 0x5bd1e995)))'), iterations: 1_000_000 },
  { name: 'i32/i64 compare + select', op: x8('(local.set $x (select (local.get $x) (local.get $y) (i64.lt_u (local.get $x) (local.get $y))))'), iterations: 1_000_000 },
  { name: 'i64 mul', op: x8('(local.set $x (i64.mul (local.get $x) (local.get $y)))'), iterations: 1_000_000 },
  { name: 'i32 div_u/rem_u', op: x8('(local.set $t (i32.add (i32.div_u (i32.const 0x7fffffff) (i32.or (local.get $t) (i32.const 1))) (i32.rem_u (local.get $i) (i32.const 977))))'), iterations: 500_000 },
  { name: 'i64 div_u/rem_u', op: x8('(local.set $x (i64.add (i64.div_u (i64.const 0x7fffffffffffffff) (i64.or (local.get $x) (i64.const 1))) (i64.rem_u (local.get $y) (i64.const 977))))'), iterations: 500_000 },
  { name: 'f64 add/mul', op: x8('(local.set $f (f64.add (f64.mul (local.get $f) (local.get $g)) (f64.const 0.5)))'), iterations: 1_000_000 },
  { name: 'f64 div', op: x8('(local.set $f (f64.div (local.get $f) (local.get $g)))'), iterations: 500_000 },
  { name: 'f64 sqrt', op: x8('(local.set $f (f64.sqrt (f64.add (local.get $f) (f64.const 2))))'), iterations: 500_000 },
  { name: 'f64 <-> i64 convert', op: x8('(local.set $x (i64.add (local.get $x) (i64.trunc_sat_f64_s (f64.convert_i64_s (local.get $x)))))'), iterations: 500_000 },
  {
    name: 'memory load + store',
    op: x8('(local.set $p (i32.and (i32.add (local.get $p) (i32.const 8)) (i32.const 0xfff8))) (i64.store (local.get $p) (i64.add (i64.load (local.get $p)) (local.get $x)))'),
    iterations: 1_000_000,
  },
  { name: 'global.get/set', extra: '(global $gv (mut i64) (i64.const 0))', op: x8('(global.set $gv (i64.add (global.get $gv) (local.get $y)))'), iterations: 1_000_000 },
  { name: 'call (direct)', extra: IDENTITY, op: x8('(local.set $x (call $id (local.get $x)))'), iterations: 500_000 },
  { name: 'call_indirect', extra: IDENTITY, op: x8('(local.set $x (call_indirect (type $t) (local.get $x) (i32.const 0)))'), iterations: 500_000 },
  { name: 'br_table', op: x8('(block $a (block $b (block $c (br_table $a $b $c (i32.and (local.get $i) (i32.const 3))))) (local.set $t (i32.add (local.get $t) (i32.const 1))))'), iterations: 1_000_000 },
  { name: 'memory.copy (64 KiB)', op: '(memory.copy (i32.const 0x100000) (i32.const 0x200000) (i32.const 65536))', iterations: 5_000 },
  { name: 'memory.fill (64 KiB)', op: '(memory.fill (i32.const 0x100000) (local.get $i) (i32.const 65536))', iterations: 5_000 },
  { name: 'memory.copy (16 B)', op: x8('(memory.copy (i32.const 0x100000) (i32.const 0x200000) (i32.const 16))'), iterations: 200_000 },
  {
    name: 'memory.grow (1 page)',
    op: '(drop (memory.grow (i32.const 1)))',
    emptyOp: '(if (i32.eqz (local.get $i)) (then (drop (memory.grow (i32.const 1)))))',
    iterations: 200,
  },
];
