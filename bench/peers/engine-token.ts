/**
 * The AssemblyScript token template's Transfer through the engine manager only (in-memory ports:
 * state in a Map, each draft's state writes applied after the call), as transfers/s on one core.
 * A second row runs the full devnet path (full-path.ts) in the same run.
 */
import { fmtSample, sampleInterleavedAsync, scale, type ResultRow, type Sample, type Section } from '../lib/stats.js';
import { deployEngineToken, fmtRate, perSecond, tokenWasm, type PeerOptions } from './common.js';
import { fullPathChain } from './full-path.js';

export async function engineTokenSections(opts: PeerOptions = {}): Promise<Section[]> {
  const batch = opts.tiny ? 3 : 1000;
  const code = tokenWasm();
  const token = deployEngineToken(code);
  const payers = opts.tiny ? 2 : 16;
  const blocks = opts.tiny ? 1 : 4;
  const chain = await fullPathChain(code, payers);
  let samples: Sample[];
  try {
    samples = await sampleInterleavedAsync(
      [() => token.transfer(batch), () => token.transferAsync(batch), () => chain.run(blocks)],
      opts.tiny ? 1 : 7,
      opts.tiny ? 0 : 1,
    );
    const expected = 1_000_000_000n - BigInt(blocks * (opts.tiny ? 1 : 8));
    if (chain.balanceOf(1) !== expected) throw new Error(`full path: payer balance ${chain.balanceOf(1)}, expected ${expected}`);
  } finally {
    await chain.close();
  }
  const [syncS, asyncS, fullS] = samples as [Sample, Sample, Sample];
  const sync = perSecond(syncS, batch);
  const async_ = perSecond(asyncS, batch);
  const full = perSecond(fullS, blocks * payers);
  const rows: ResultRow[] = [
    { name: `Transfer via manager.callSync (gas ${token.gasPerTransfer})`, value: fmtRate(sync), target: 'report' },
    { name: 'Transfer via manager.call (async)', value: fmtRate(async_), baseline: fmtRate(sync), ratio: async_.median / sync.median },
    { name: 'time per transfer (callSync)', value: fmtSample(scale(syncS, 1000 / batch), 'µs'), target: 'report' },
    {
      name: `full path: simulate + build + sign → verify + re-execute → block → LevelDB (${payers} tx/block)`,
      value: fmtRate(full),
      baseline: `engine only ${fmtRate(sync)}`,
      ratio: full.median / sync.median,
      target: 'report',
    },
  ];
  return [
    {
      title: 'Token transfer through the engine (engine only, one core) and the full path',
      intro: `The token template (${code.length} B, AssemblyScript) called ${batch} times per batch from the owner to 16 rotating recipients; the ChainView's state is a Map updated with each draft's state writes. The full path runs ${blocks} blocks of ${payers} Transfers (distinct payers) per sample on a LevelDB devnet chain (fsync per block). All three sampled interleaved.`,
      rows,
      notes: [
        'The full path counts client work (simulate the call on the engine, build, secp256k1-sign) and node work (verify signatures, locks and conservation, re-execute the call, apply, commit the block batch), all on one core.',
        'Where its time goes (node --cpu-prof of the same loop when this suite was written, self time): about 30% secp256k1 signing in @noble/curves (client side: modular arithmetic), 18% signature verification (node:crypto verifyOneShot), a few % SHA-256 and Base58; the two engine calls per transaction are a few %, and the LevelDB batch about 2%. A node that receives signed transactions pays neither the signing nor the simulation.',
      ],
    },
  ];
}
