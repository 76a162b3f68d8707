/** What a test sees of one call: the engine's CallResult with bytes as text and the contract's error message. */
import { addressToBase58, toHex, tryUtf8 } from '../../../pkg/encoding.js';
import type { CallResult } from '../../../pkg/engine.js';
import { describeCallFailure } from '../../../pkg/call-failure.js';

export interface CallEvent {
  readonly index: number;
  readonly contract: string;
  /** Event data as text (0x-hex when not printable). */
  readonly data: string;
  /** The data parsed as JSON, when it is JSON (SDK events are). */
  readonly json: unknown;
}

export interface CallOutcome {
  readonly ok: boolean;
  /** Status name the method returned (SUCCESS, INVALID_PARAMS, …) or TRAPPED. */
  readonly status: string;
  readonly statusCode: number | undefined;
  readonly gasUsed: bigint;
  /** Return data as text (0x-hex when not printable). */
  readonly returned: string;
  readonly returnData: Uint8Array;
  readonly events: readonly CallEvent[];
  readonly logs: readonly string[];
  /** Why it failed, for a person: "INVALID_PARAMS: amount must be > 0" (the contract's fail() message), or undefined when ok. */
  readonly message: string | undefined;
  /** Engine error (trap, gas, …) when the call did not return a status. */
  readonly error: { readonly code: string; readonly message: string } | undefined;
  /** Height of the block the call ran in, and its transaction id (hex). */
  readonly height: bigint;
  readonly txHash: string;
}

const text = (b: Uint8Array): string => {
  const t = tryUtf8(b);
  // eslint-disable-next-line no-control-regex
  return t !== undefined && !/[\u0000-\u0008\u000e-\u001f]/.test(t) ? t : `0x${toHex(b)}`;
};

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

export function outcomeOf(r: CallResult, height: bigint, txHash: string): CallOutcome {
  return {
    ok: r.ok,
    status: r.statusName,
    message: r.ok ? undefined : describeCallFailure(r),
    statusCode: r.status,
    gasUsed: r.gasUsed,
    returned: text(r.returnData),
    returnData: r.returnData,
    events: r.events.map((e) => {
      const data = text(e.data);
      return { index: e.index, contract: addressToBase58(e.contract), data, json: parseJson(data) };
    }),
    logs: r.logs,
    error: r.error ? { code: r.error.code, message: r.error.message } : undefined,
    height,
    txHash,
  };
}
