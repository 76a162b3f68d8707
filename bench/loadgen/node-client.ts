/**
 * The load generator's view of the node over HTTP: JSON requests, single submissions that must
 * succeed (set-up transactions), and an InclusionWatcher that reads blocks to learn when each
 * transaction was committed.
 */
import { toBase64 } from '../../pkg/encoding.js';
import type { Transaction } from '../../pkg/model.js';
import { encodeTransaction } from '../../internal/core/wire/codec.js';

export interface ApiError {
  readonly code: string;
  readonly message: string;
}

export async function http<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Submits one set-up transaction (with any code attachments); a refusal ends the load test. */
export async function submitOrThrow(url: string, tx: Transaction, attachments?: ReadonlyMap<string, Uint8Array>): Promise<void> {
  const body = {
    tx: toBase64(encodeTransaction(tx)),
    ...(attachments !== undefined && attachments.size > 0 && { attachments: Object.fromEntries([...attachments].map(([k, v]) => [k, toBase64(v)])) }),
  };
  const r = await http<{ error?: ApiError }>('POST', `${url}/v1/transactions`, body);
  if (r.status !== 200) throw new Error(`submit failed (${r.status}): ${JSON.stringify(r.json)}`);
}

/** Waits until every id in `ids` is in a block; records when each was first seen. */
export class InclusionWatcher {
  private height = 0n;
  readonly seenAt = new Map<string, number>();
  constructor(private readonly url: string) {}

  async start(): Promise<void> {
    const { json } = await http<{ height: string }>('GET', `${this.url}/v1/status`);
    this.height = BigInt(json.height);
  }

  /** Reads the blocks after the last one read. */
  async poll(): Promise<void> {
    const { json } = await http<{ height: string }>('GET', `${this.url}/v1/status`);
    const tip = BigInt(json.height);
    while (this.height < tip) {
      this.height += 1n;
      const block = await http<{ txIds: string[] }>('GET', `${this.url}/v1/blocks/${this.height}`);
      const now = performance.now();
      for (const id of block.json.txIds) if (!this.seenAt.has(id)) this.seenAt.set(id, now);
    }
  }

  async waitFor(ids: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (ids.some((id) => !this.seenAt.has(id)) && performance.now() < deadline) {
      await this.poll();
      await sleep(50);
    }
  }

  /** waitFor, then throws unless every one was included (set-up transactions). */
  async requireAll(ids: readonly string[], timeoutMs: number, what: string): Promise<void> {
    await this.waitFor(ids, timeoutMs);
    const missing = ids.filter((id) => !this.seenAt.has(id));
    if (missing.length > 0) throw new Error(`${missing.length} of ${ids.length} ${what} were not included within ${timeoutMs} ms (first: ${missing[0]})`);
  }
}
