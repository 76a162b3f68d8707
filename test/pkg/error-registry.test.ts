/**
 * The error registry is complete and honest: every code the source can throw is declared with a
 * status, no client mistake is a 5xx, an unknown code is a 500, and docs/errors.md matches.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorCatalogMarkdown, errorInfo, httpStatusOf, registeredErrors } from '../../pkg/error-registry.js';
import { ChainError, InvalidRequestError, LoadRule, TRAP_KINDS, TxError, WesError } from '../../pkg/errors.js';
import { replyError } from '../../internal/api/http-errors.js';
import { scanErrorCodes } from '../helpers/error-code-scan.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Constructor calls whose code is not a literal, each with why its codes are covered anyway.
 * A new entry here needs the same justification.
 */
const NON_LITERAL_CODES: Readonly<Record<string, string>> = {
  'internal/core/chain/block-executor.ts: new TxError(e.code.slice(3': 're-wraps a TxError already thrown (and scanned) elsewhere',
  'internal/core/engines/wasm/runtime/trap-classifier.ts: new ExecutionError(kind': 'kind is a TrapKind; every TRAP_KINDS value is required below',
  'internal/cli/api-client.ts: new NodeApiError(err?.code': "passes the node's own (registered) code through to the CLI",
  'internal/node/cometbft/cometbft-block-source.ts: new TxError(m[1]!': "re-raises the app's own CheckTx code (a registered TX_ code) that CometBFT echoed back",
  'internal/node/simulation/call-result-wire.ts: new ExecutionError(w.trap': 'rebuilds, on the main thread, an error a simulation worker threw (scanned where it was thrown)',
  'internal/node/simulation/call-result-wire.ts: new WesError(w.code': 'rebuilds, on the main thread, an error a simulation worker threw (scanned where it was thrown)',
  "internal/node/devnet-service.ts: new InvalidRequestError(code.slice('INPUT_'.length": "re-raises the engine's own INPUT_ code (thrown, and scanned, in the engine) that the call pipeline recorded",
};

/** The only codes allowed a 5xx: faults of the node (or, client side, an unreachable node). */
const NODE_FAULTS = new Set([
  'INTERNAL',
  'EXEC_HOST_STACK_EXHAUSTED',
  'TX_FEE_NOT_CONVERGED',
  'TX_POOL_FULL',
  'TX_NO_GENESIS',
  'CHAIN_STORE_CLOSED',
  'CHAIN_STORE_INCONSISTENT',
  'CHAIN_PARENT_WRITE_FAILED',
  'CONFIG_STACK_TOO_SMALL',
  'NODE_UNREACHABLE',
  'BAD_REPLY',
  'TX_TIMEOUT',
  // A CometBFT validator's own set-up and its ABCI peer: never caused by an API client.
  'CHAIN_CONSENSUS_UNREACHABLE',
  'CHAIN_BAD_GENESIS',
  'CHAIN_BAD_APP_STATE',
  'CHAIN_GENESIS_MISMATCH',
  'CHAIN_BAD_INITIAL_HEIGHT',
  'CHAIN_NOTHING_TO_COMMIT',
  'CHAIN_ABCI_BAD_MESSAGE',
  'CHAIN_ABCI_BAD_FRAME',
  'CHAIN_ABCI_FRAME_TOO_LARGE',
  'CHAIN_COMETBFT_MISSING',
  'CHAIN_COMETBFT_PROTO_MISSING',
  'CHAIN_BAD_COMETBFT_CONFIG',
  'CHAIN_TESTNET_START_FAILED',
]);

describe('error registry', () => {
  const scan = scanErrorCodes(ROOT);

  it('declares every code thrown anywhere in pkg/ and internal/', () => {
    expect(scan.found.length).toBeGreaterThan(80); // the scan itself works
    const missing = [...new Set(scan.found.filter((f) => errorInfo(f.code) === undefined).map((f) => `${f.code} (${f.file})`))];
    expect(missing, 'add these to pkg/error-registry.ts (one line each)').toEqual([]);
  });

  it('declares every LoadRule and every TrapKind', () => {
    for (const rule of Object.values(LoadRule)) expect(errorInfo(`LOAD_${rule}`), rule).toBeDefined();
    for (const kind of TRAP_KINDS) expect(errorInfo(`EXEC_${kind}`), kind).toBeDefined();
  });

  it('knows how every error code is built: no unexplained non-literal codes', () => {
    const unexplained = scan.unresolved.filter((u) => !Object.keys(NON_LITERAL_CODES).some((k) => u.startsWith(k)));
    expect(unexplained, 'throw a literal code, or add the call to NON_LITERAL_CODES with a reason').toEqual([]);
  });

  it('gives every code a known prefix, a 4xx/5xx status and a meaning', () => {
    for (const e of registeredErrors()) {
      expect(e.code).toMatch(/^((LOAD|EXEC|INPUT|TX|CHAIN|CONFIG)_[A-Z0-9_]+|INTERNAL|NODE_UNREACHABLE|BAD_REPLY)$/);
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.status).toBeLessThan(600);
      expect(e.meaning.length).toBeGreaterThan(8);
    }
  });

  it('maps no client mistake to 5xx: only the listed node faults are', () => {
    const fiveXX = registeredErrors().filter((e) => e.status >= 500).map((e) => e.code).sort();
    expect(fiveXX).toEqual([...NODE_FAULTS].sort());
    for (const e of registeredErrors()) if (e.code.startsWith('INPUT_') || e.code.startsWith('LOAD_')) expect(e.status).toBeLessThan(500);
  });

  it('maps an unknown code to 500, and the scan catches it in source', () => {
    expect(httpStatusOf('TX_SOMETHING_NEW')).toBe(500);
    const tree = mkdtempSync(join(tmpdir(), 'wes-scan-'));
    mkdirSync(join(tree, 'internal'));
    writeFileSync(
      join(tree, 'internal', 'x.ts'),
      "const bad = (code: string, m: string): never => { throw new TxError(code, m); };\n" +
        "bad('WRAPPED_NEW', 'x');\nthrow new ChainError(\n  'SPLIT_LINE', 'y');\nnew TxError(someVar, 'z');\nnew WesError('RAW_CODE', 'input', 'w');\n",
    );
    const r = scanErrorCodes(tree, ['internal']);
    expect(r.found.map((f) => f.code).sort()).toEqual(['CHAIN_SPLIT_LINE', 'RAW_CODE', 'TX_WRAPPED_NEW']);
    expect(r.unresolved).toEqual(['internal/x.ts: new TxError(someVar']);
  });

  it('replies over HTTP with the registered status, and 500 for an unregistered code', async () => {
    const app = Fastify({ logger: false });
    app.setErrorHandler(replyError);
    const errors: Record<string, Error> = {
      conflict: new TxError('CONFLICT', 'c'),
      notFound: new InvalidRequestError('NOT_FOUND', 'n'),
      parent: new ChainError('BAD_PARENT', 'p'),
      unknown: new WesError('MADE_UP_CODE', 'input', 'u'),
      untyped: new Error('boom'),
    };
    app.get<{ Params: { k: string } }>('/e/:k', async (req) => {
      throw errors[req.params.k]!;
    });
    const status = async (k: string): Promise<[number, string]> => {
      const r = await app.inject({ method: 'GET', url: `/e/${k}` });
      return [r.statusCode, (JSON.parse(r.body) as { error: { code: string } }).error.code];
    };
    expect(await status('conflict')).toEqual([409, 'TX_CONFLICT']);
    expect(await status('notFound')).toEqual([404, 'INPUT_NOT_FOUND']);
    expect(await status('parent')).toEqual([409, 'CHAIN_BAD_PARENT']);
    expect(await status('unknown')).toEqual([500, 'MADE_UP_CODE']);
    expect(await status('untyped')).toEqual([500, 'INTERNAL']);
    await app.close();
  });

  it('docs/errors.md is generated from the table (node scripts/gen-error-docs.mjs after make build)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8')).toBe(errorCatalogMarkdown());
  });
});
