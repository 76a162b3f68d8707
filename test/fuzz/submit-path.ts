/**
 * The admission path of POST /v1/transactions without a node: decode the signed bytes, then run
 * the verifier against a ledger where every input exists (so mutants reach signature hashes,
 * signature checks and lock checks instead of stopping at "input missing").
 */
import type { CallResult, ModuleSummary, WASMEngine } from '../../pkg/engine.js';
import { InvalidRequestError } from '../../pkg/errors.js';
import type { TxOutput, Utxo } from '../../pkg/model.js';
import { TxVerifier } from '../../internal/core/tx/verifier.js';
import type { LedgerView } from '../../internal/core/tx/ledger-view.js';
import { decodeTransaction } from '../../internal/core/wire/codec.js';
import { kitchenSinkTx } from '../core/tx/fixtures.js';

/** No contract is deployed in this ledger; a call never reaches an engine, but if it did it fails typed. */
const noEngine: WASMEngine = {
  prepare: (): Promise<ModuleSummary> => Promise.reject(new InvalidRequestError('NO_ENGINE', 'no engine in the submit fuzz')),
  call: (): Promise<CallResult> => Promise.reject(new InvalidRequestError('NO_ENGINE', 'no engine in the submit fuzz')),
};

const outputs: readonly TxOutput[] = kitchenSinkTx().outputs;

/** Every outpoint exists and holds one of the kitchen-sink outputs (every lock kind and content). */
const LEDGER: LedgerView = {
  blocks: { blockAt: () => undefined },
  state: { get: () => undefined },
  utxos: {
    get: (outPoint): Utxo => ({ outPoint, output: outputs[outPoint.index % outputs.length]!, blockHeight: 1n }),
    listByOwner: () => [],
  },
  resources: { get: () => undefined },
  chainId: 'wes-devnet',
  codeOf: () => undefined,
  codeByHash: () => undefined,
};

const verifier = new TxVerifier(noEngine);

export async function submitTransaction(bytes: Uint8Array): Promise<void> {
  const tx = decodeTransaction(bytes);
  await verifier.verify({ tx, view: LEDGER, at: { height: 10n, timestamp: 1_700_000_100n, txIndex: 0 }, chainId: LEDGER.chainId });
}
