/**
 * Load time of valid ~4 MB modules whose shapes once made the loader quadratic (issue 10):
 * 20,000 imports with calls to the last one (was 14–18 s), many types × multi-value functions
 * (was over 120 s). Baseline: V8 compiling the same original bytes in the same run.
 */
import { DEFAULT_LIMITS } from '../pkg/config.js';
import { compileInstrumented, inspectModule } from '../internal/core/engines/wasm/loader/loader.js';
import { nodeHostAbi } from '../internal/core/engines/wasm/manager/container.js';
import { manyImportsModule, manyTypesModule } from '../test/helpers/pathological-modules.js';
import { fmtSample, sample, type ResultRow, type Section } from './lib/stats.js';

const TARGET_MS = 2_000;

function loadRow(name: string, code: Uint8Array): ResultRow {
  const load = sample(() => void compileInstrumented(inspectModule(code, DEFAULT_LIMITS, nodeHostAbi()).instrumented), 3, 1);
  const raw = sample(() => void new WebAssembly.Module(code as Uint8Array<ArrayBuffer>), 3, 1);
  return {
    name: `${name} (${(code.length / 2 ** 20).toFixed(2)} MiB): validate + instrument + compile`,
    value: fmtSample(load, 'ms'),
    baseline: `raw V8 compile ${fmtSample(raw, 'ms')}`,
    ratio: load.median / raw.median,
    target: `≤ ${TARGET_MS} ms`,
    met: load.median <= TARGET_MS,
  };
}

export async function loadTimeSections(): Promise<Section[]> {
  return [
    {
      title: 'Load time of pathological module shapes',
      intro: 'Valid modules of about 4 MB built by test/helpers/pathological-modules.ts; the loader must stay linear in module size whatever the shape.',
      rows: [loadRow('19,990 imports, calls to the last one', manyImportsModule()), loadRow('types × multi-value functions', manyTypesModule())],
      notes: [
        'Before issue 10: 14–18 s (imports: the callee type was found by scanning the imports) and over 120 s (types: the exit-wrapper block type was found by scanning all types for every function). Every per-instruction lookup is now a table built once per module.',
      ],
    },
  ];
}
