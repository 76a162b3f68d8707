/**
 * The `env` host functions (ABI.md §4): every import a contract may declare from "env", each
 * declared once (name, signatures, gas, limits, implementation) in its own module.
 */
import type { EnvFunction } from './declare.js';
import { ADDRESS_FUNCTIONS } from './address-functions.js';
import { BUILD_TRANSACTION_FUNCTIONS } from './build-transaction.js';
import { CHAIN_FUNCTIONS } from './chain-functions.js';
import { CONTEXT_FUNCTIONS } from './context-functions.js';
import { EXTERNAL_STATE_FUNCTIONS } from './external-state-functions.js';
import { OUTPUT_FUNCTIONS } from './output-functions.js';
import { RESOURCE_FUNCTIONS } from './resource-functions.js';
import { RUNTIME_FUNCTIONS } from './runtime-functions.js';
import { STATE_FUNCTIONS } from './state-functions.js';
import { TX_OUTPUT_FUNCTIONS } from './tx-output-functions.js';
import { UTXO_FUNCTIONS } from './utxo-functions.js';

export const ENV_FUNCTIONS: readonly EnvFunction[] = [
  ...CONTEXT_FUNCTIONS,
  ...CHAIN_FUNCTIONS,
  ...ADDRESS_FUNCTIONS,
  ...STATE_FUNCTIONS,
  ...UTXO_FUNCTIONS,
  ...RESOURCE_FUNCTIONS,
  ...OUTPUT_FUNCTIONS,
  ...TX_OUTPUT_FUNCTIONS,
  ...BUILD_TRANSACTION_FUNCTIONS,
  ...EXTERNAL_STATE_FUNCTIONS,
  ...RUNTIME_FUNCTIONS,
];
