/** Structural limits a transaction must respect before any expensive check runs. */
export const TX_LIMITS = {
  /** Largest signed encoding accepted (contract code travels beside the tx, not in it). */
  maxTxBytes: 256 * 1024,
  maxInputs: 1_000,
  maxOutputs: 1_000,
  /** The only transaction version this engine defines. */
  version: 1,
  maxMemoBytes: 1_024,
  maxContractPayloadBytes: 128 * 1024,
  maxAttachments: 16,
} as const;

export type TxLimits = { readonly [K in keyof typeof TX_LIMITS]: number };
