/** @wes-engine/testing: an in-process chain for testing contracts (see docs/contract-guide.md). */
export { TestChain, DeployedContract } from './test-chain.js';
export type { AddressLike, TokenRef, CallOptions, TestChainOptions, ChainEvent } from './test-chain.js';
export type { CallOutcome, CallEvent } from './call-outcome.js';
