/** JSON schemas shared by routes: validated by fastify (ajv) before any handler runs. */
import { DEFAULT_LIMITS } from '../../pkg/config.js';
import { TX_LIMITS } from '../core/tx/limits.js';

/** Characters of base64 for n bytes. */
const base64Chars = (n: number): number => 4 * Math.ceil(n / 3);
/** Framing allowance for the JSON around the big fields (addresses, field names, method). */
const FRAMING = 16 * 1024;

/**
 * Request body limits per route, from the largest thing each route legitimately carries: a deploy
 * one maximal module (base64); a submission one maximal transaction plus one maximal module as
 * attachments; a call one maximal payload (hex); everything else a few kilobytes.
 */
export const BODY_LIMITS = {
  deploy: base64Chars(DEFAULT_LIMITS.maxModuleBytes) + FRAMING,
  submit: base64Chars(TX_LIMITS.maxTxBytes) + base64Chars(DEFAULT_LIMITS.maxModuleBytes) + FRAMING,
  call: 2 * DEFAULT_LIMITS.maxPayloadBytes + FRAMING,
  small: 16 * 1024,
  /** A batch of plain transactions (no attachments): up to MAX_BATCH_TXS, at most 4 MiB in all. */
  batch: 4 * 1024 * 1024,
} as const;

/** Most transactions one batch submission may carry. */
export const MAX_BATCH_TXS = 500;

export const ADDRESS = { type: 'string', minLength: 20, maxLength: 64, pattern: '^(0x)?[0-9a-fA-F]{40}$|^[1-9A-HJ-NP-Za-km-z]{25,40}$', description: 'Base58Check (version 0x1C) or 40-digit hex' } as const;
export const HASH_HEX = { type: 'string', pattern: '^(0x)?[0-9a-fA-F]{64}$', description: '32 bytes, hex' } as const;
export const AMOUNT = { type: 'string', pattern: '^[0-9]{1,30}$', description: 'decimal string of base units (1 WES = 10^8)' } as const;
export const GAS = { type: 'string', pattern: '^[0-9]{1,20}$', description: 'gas limit, decimal string' } as const;
export const HEX = { type: 'string', pattern: '^(0x)?([0-9a-fA-F]{2})*$', maxLength: 2 + 2 * DEFAULT_LIMITS.maxPayloadBytes } as const;
export const BASE64 = { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$' } as const;
/** Base64 of one module (deploy code, a submission's attachment). */
export const MODULE_BASE64 = { ...BASE64, maxLength: base64Chars(DEFAULT_LIMITS.maxModuleBytes) } as const;
/** Base64 of one signed transaction. */
export const TX_BASE64 = { ...BASE64, maxLength: base64Chars(TX_LIMITS.maxTxBytes) } as const;
export const METHOD = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } as const;

export const ERROR_REPLY = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
} as const;

export const CALL_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['method', 'caller'],
  properties: {
    method: METHOD,
    params: { description: 'JSON value; sent to the contract as its JSON text' },
    payload: { ...HEX, description: 'raw payload bytes (hex), instead of params' },
    caller: ADDRESS,
    gasLimit: GAS,
    funds: { type: 'string', pattern: '^[0-9]{1,20}$', description: 'native coin (base units) sent to the contract with the call' },
  },
} as const;

export const ADDRESS_PARAMS = { type: 'object', required: ['address'], properties: { address: ADDRESS } } as const;
