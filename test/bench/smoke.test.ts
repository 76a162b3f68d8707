/**
 * The benchmark suites start: each peer suite runs one tiny iteration (`{ tiny: true }`) and
 * renders its sections. No measurement happens here; `make bench` runs the real thing.
 */
import { describe, expect, it } from 'vitest';
import { renderSection, type Section } from '../../bench/lib/stats.js';
import { limitPeers, limitSections } from '../../bench/peers/limit.js';
import { engineTokenSections } from '../../bench/peers/engine-token.js';
import { evmSections } from '../../bench/peers/evm.js';
import { scaleSections } from '../../bench/peers/scale.js';
import { padWasm } from '../../bench/peers/pad-wasm.js';
import { tokenWasm } from '../../bench/peers/common.js';
import { simulationSections } from '../../bench/simulation.js';

function expectRendered(sections: readonly Section[]): void {
  expect(sections.length).toBeGreaterThan(0);
  for (const s of sections) {
    expect(s.rows.length).toBeGreaterThan(0);
    expect(renderSection(s)).toContain(`## ${s.title}`);
  }
}

describe('bench suites start', () => {
  it('the engine-core suite module loads', async () => {
    const core = await import('../../bench/engine-core.js');
    expect(typeof core.engineCoreSections).toBe('function');
  });

  it('limit: plain TS, raw wasm and engine peers agree on balances', async () => {
    const peers = limitPeers();
    for (const p of peers) {
      p.run(3);
      p.check();
    }
    expectRendered(await limitSections({ tiny: true }));
  });

  it('simulation (worker pool against the main thread; /v1/status during a maximal simulation)', async () => {
    expectRendered(await simulationSections({ tiny: true }));
  });

  it('token (engine only)', async () => {
    expectRendered(await engineTokenSections({ tiny: true }));
  });

  it('evm: solc compiles the ERC-20 offline and EthereumJS runs transfers', async () => {
    expectRendered(await evmSections({ tiny: true }));
  });

  it('scale: workers, padded contracts and state sizes', async () => {
    const code = tokenWasm();
    const padded = padWasm(code, 64 * 1024);
    expect(padded.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(WebAssembly.validate(padded as Uint8Array<ArrayBuffer>)).toBe(true);
    expectRendered(await scaleSections({ tiny: true }));
  });
});
