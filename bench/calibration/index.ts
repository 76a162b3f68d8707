/**
 * `make bench` section "Gas calibration" (issue 10 item 6): ns per gas of every host function
 * at small and maximal inputs and of the wasm instruction classes, as a ratio to a plain wasm
 * loop measured in the same run. Target: every ratio within 3× of the plain loop either way
 * (cheaper than 1/3 means overcharged; dearer than 3× means gas no longer bounds CPU time).
 */
import { createEngine, nodeHostAbi } from '../../internal/core/engines/wasm/manager/container.js';
import { testContext } from '../../test/helpers/context.js';
import { fmt, type ResultRow, type Section } from '../lib/stats.js';
import { calibrationChain } from './chain-fixture.js';
import { hostWorkloads, NOT_MEASURED, unmeasured } from './host-workloads.js';
import { OPCODE_WORKLOADS } from './opcode-workloads.js';
import { calibrate, plainLoop, type Calibration, type Runner } from './runner.js';

const WITHIN = 3;

function row(c: Calibration, base: number): ResultRow {
  const ratio = c.nsPerGas / base;
  return {
    name: c.name,
    value: `${fmt(c.nsPerGas)} ns/gas (${fmt(c.gasPerOp)} gas, ${fmt(c.nsPerOp)} ns per op)`,
    baseline: `${fmt(base)} ns/gas`,
    ratio,
    target: `${fmt(1 / WITHIN)}–${WITHIN}×`,
    met: ratio <= WITHIN && ratio >= 1 / WITHIN,
  };
}

export async function calibrationSections(filter?: RegExp): Promise<Section[]> {
  const abi = nodeHostAbi();
  const missing = unmeasured(abi.functions);
  if (missing.length > 0) throw new Error(`calibration: no workload for ${missing.join(', ')}`);
  const runner: Runner = { engine: createEngine(), context: testContext({ chain: calibrationChain(20_000) }), runs: 9 };
  const loops: number[] = [];
  const measureLoop = async (): Promise<number> => {
    const l = await plainLoop(runner, 5_000_000);
    loops.push(l.nsPerGas);
    return l.nsPerGas;
  };
  await measureLoop();
  const opcodeRows: Calibration[] = [];
  for (const w of OPCODE_WORKLOADS) if (!filter || filter.test(w.name)) opcodeRows.push(await calibrate(runner, w));
  await measureLoop();
  const hostRows: Calibration[] = [];
  for (const { workload } of hostWorkloads(abi.functions)) {
    if (filter && !filter.test(workload.name)) continue;
    hostRows.push(await calibrate(runner, workload));
    process.stderr.write('.');
  }
  await measureLoop();
  const base = [...loops].sort((a, b) => a - b)[Math.floor(loops.length / 2)]!;
  const intro =
    `Marginal ns per gas of each operation (time and gas of a loop running it through the whole engine, minus the same loop without it), ` +
    `against a plain wasm loop (i64 add, ${fmt(base)} ns/gas: median of ${loops.length} measurements spread over the run, ${loops.map((l) => fmt(l)).join(' / ')}). ` +
    `Target: within ${WITHIN}× either way.`;
  return [
    {
      title: 'Gas calibration: wasm instruction classes',
      intro,
      rows: opcodeRows.map((c) => row(c, base)),
      notes: [
        'Times are CPU time of this process (process.cpuUsage), so load from other processes does not skew one workload against another.',
        "memory.grow is bimodal: V8 usually grows in place (under 1 µs a page) but sometimes moves the memory (several µs a page); it is priced between the two (cost-table memoryGrowPerPage), so its row can land on either side of the band.",
      ],
    },
    {
      title: 'Gas calibration: host functions',
      intro: `${intro} Small and maximal (or worst-case) inputs per function; the chain holds one owner with 20,000 UTXOs.`,
      rows: hostRows.map((c) => row(c, base)),
      notes: [...Object.entries(NOT_MEASURED).map(([n, why]) => `${n}: not looped — ${why}.`), 'WASI names that only answer ENOSYS share one implementation, measured as fd_read.'],
    },
  ];
}
