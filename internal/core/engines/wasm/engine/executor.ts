/**
 * Engine service: one call = one isolated, deterministic execution. It checks the request,
 * loads the contract, builds this call's state (context, the host layer's per-call state, logs,
 * random stream), runs it through the runtime and turns the outcome into a CallResult. A failed
 * call leaves no draft. The host state is opened through the injected HostAbi: the engine never
 * names the host layer's types.
 */
import { inject, injectable } from 'tsyringe';
import type { EngineConfig } from '../../../../../pkg/config.js';
import type { CallRequest, CallResult } from '../../../../../pkg/engine.js';
import { InvalidRequestError } from '../../../../../pkg/errors.js';
import { TOKENS } from '../../../../../pkg/tokens.js';
import { ADDRESS_LENGTH, HASH_LENGTH, contractStatusName } from '../../../../../pkg/types.js';
import type { CallState } from '../abi/host-binding.js';
import type { HostAbi, HostState } from '../abi/host-abi.js';
import { DeterministicRandom } from '../abi/deterministic-random.js';
import { LogBuffer } from '../abi/log-buffer.js';
import { ContractLoader } from '../loader/loader.js';
import { WasmRuntime } from '../runtime/runtime.js';

@injectable()
export class ContractExecutor<S extends HostState = HostState> {
  constructor(
    @inject(TOKENS.EngineConfig) private readonly config: EngineConfig,
    @inject(TOKENS.Loader) private readonly loader: ContractLoader,
    @inject(TOKENS.Runtime) private readonly runtime: WasmRuntime<S>,
    @inject(TOKENS.HostAbi) private readonly hostAbi: HostAbi<S>,
  ) {}

  private checkRequest(req: CallRequest): void {
    const { limits } = this.config;
    if (req.gasLimit <= 0n || req.gasLimit > limits.maxGasLimit) {
      throw new InvalidRequestError('BAD_GAS_LIMIT', `gas limit must be between 1 and ${limits.maxGasLimit}, got ${req.gasLimit}`);
    }
    if (req.payload.length > limits.maxPayloadBytes) {
      throw new InvalidRequestError('PAYLOAD_TOO_LARGE', `payload is ${req.payload.length} bytes; the limit is ${limits.maxPayloadBytes}`);
    }
    if (req.context.caller.length !== ADDRESS_LENGTH) {
      throw new InvalidRequestError('BAD_ADDRESS', `caller must be a ${ADDRESS_LENGTH}-byte address`);
    }
    if (req.contract !== undefined && req.contract.length !== ADDRESS_LENGTH) {
      throw new InvalidRequestError('BAD_ADDRESS', `contract must be a ${ADDRESS_LENGTH}-byte address`);
    }
    if (req.context.txHash.length !== HASH_LENGTH) {
      throw new InvalidRequestError('BAD_HASH', `txHash must be ${HASH_LENGTH} bytes`);
    }
  }

  execute(req: CallRequest): CallResult {
    this.checkRequest(req);
    const contract = this.loader.load(req.code);
    const { summary } = contract;
    if (!summary.methods.includes(req.method)) {
      throw new InvalidRequestError('METHOD_NOT_FOUND', `contract has no method "${req.method}"; methods: ${summary.methods.join(', ') || '(none)'}`, {
        method: req.method,
        methods: summary.methods,
      });
    }
    const self = req.contract ?? summary.contractAddress;
    const draft = this.hostAbi.openState(self, req.context.caller);
    const logs = new LogBuffer(this.config.limits.maxLogBytes);
    const state: CallState<S> = {
      context: req.context,
      contract: self,
      codeHash: summary.codeHash,
      payload: req.payload.slice(),
      draft,
      logs,
      random: DeterministicRandom.forCall(req.context.txHash, req.context.callIndex),
    };
    const outcome = this.runtime.execute(contract, req.method, state, req.gasLimit);
    if (outcome.kind === 'trapped') {
      return {
        status: undefined,
        statusName: 'TRAPPED',
        ok: false,
        gasUsed: outcome.gasUsed,
        returnData: new Uint8Array(0),
        events: [],
        draft: undefined,
        error: outcome.error,
        logs: logs.lines,
      };
    }
    const ok = outcome.status === 0;
    const frozen = ok ? draft.freeze() : undefined;
    return {
      status: outcome.status,
      statusName: contractStatusName(outcome.status),
      ok,
      gasUsed: outcome.gasUsed,
      returnData: draft.returnData,
      events: frozen?.events ?? [],
      draft: frozen,
      error: undefined,
      logs: logs.lines,
    };
  }
}
