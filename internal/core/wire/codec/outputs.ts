/** TxOutput <-> wire: owner, locks, and one of asset / state / resource content. */
import type { AssetContent, ResourceContent, StateContent, TxOutput } from '../../../../pkg/model.js';
import type { WResource, WTxOutput } from './wire-types.js';
import { lockFromWire, lockToWire } from './locks.js';
import { address, addressOf, amountOf, amountText, bigintOf, bytesOf, hash32, hash32Of, missing, u64, unsupported } from './wire.js';

const CATEGORY = { executable: 1, static: 2 } as const;
const EXECUTABLE_TYPE = { contract: 1, aimodel: 2 } as const;

function assetToWire(a: AssetContent): NonNullable<WTxOutput['asset']> {
  if (a.kind === 'native') return { nativeCoin: { amount: amountText(a.amount, 'asset.amount') } };
  return {
    contractToken: {
      contractAddress: address(a.contract, 'asset.contract'),
      amount: amountText(a.amount, 'asset.amount'),
      fungibleClassId: a.classId,
    },
  };
}

function assetFromWire(w: NonNullable<WTxOutput['asset']>): AssetContent {
  if (w.nativeCoin) return { kind: 'native', amount: amountOf(w.nativeCoin.amount, 'nativeCoin.amount') };
  const t = w.contractToken;
  if (!t) throw missing('AssetOutput.asset_content');
  if (t.nftUniqueId !== undefined || t.semiFungibleId !== undefined) throw unsupported('a non-fungible or semi-fungible token id');
  if (t.fungibleClassId === undefined) throw missing('ContractTokenAsset.token_identifier');
  return {
    kind: 'token',
    contract: addressOf(t.contractAddress, 'contractToken.contractAddress'),
    classId: bytesOf(t.fungibleClassId),
    amount: amountOf(t.amount, 'contractToken.amount'),
  };
}

function stateToWire(s: StateContent): NonNullable<WTxOutput['state']> {
  return {
    stateId: s.stateId,
    stateVersion: u64(s.version, 'state.version'),
    // Public inputs live inside the ZK proof message in WES; write it only when there are some.
    ...(s.publicInputs.length > 0 && { zkProof: { publicInputs: [...s.publicInputs] } }),
    executionResultHash: s.executionResultHash,
    ...(s.parentStateHash !== undefined && { parentStateHash: s.parentStateHash }),
    ...(s.value !== undefined && { value: s.value }),
  };
}

function stateFromWire(w: NonNullable<WTxOutput['state']>): StateContent {
  return {
    stateId: bytesOf(w.stateId),
    version: bigintOf(w.stateVersion),
    executionResultHash: bytesOf(w.executionResultHash),
    publicInputs: (w.zkProof?.publicInputs ?? []).map(bytesOf),
    ...(w.parentStateHash !== undefined && { parentStateHash: bytesOf(w.parentStateHash) }),
    ...(w.value !== undefined && { value: bytesOf(w.value) }),
  };
}

/** Resource message alone (also what ResourceReader.encoded holds). */
export function resourceToWire(r: ResourceContent): WResource {
  return {
    category: CATEGORY[r.category],
    ...(r.executableType !== undefined && { executableType: EXECUTABLE_TYPE[r.executableType] }),
    contentHash: hash32(r.contentHash, 'resource.contentHash'),
    ...(r.mimeType !== undefined && { mimeType: r.mimeType }),
    ...(r.size !== undefined && { size: u64(r.size, 'resource.size') }),
  };
}

/** `creationTimestamp` is not part of Resource: the caller adds it from ResourceOutput. */
export function resourceFromWire(w: WResource): Omit<ResourceContent, 'creationTimestamp'> {
  const category = w.category === CATEGORY.executable ? 'executable' : w.category === CATEGORY.static ? 'static' : undefined;
  if (!category) throw missing('Resource.category');
  const executableType =
    w.executableType === EXECUTABLE_TYPE.contract ? 'contract' : w.executableType === EXECUTABLE_TYPE.aimodel ? 'aimodel' : undefined;
  return {
    contentHash: hash32Of(w.contentHash, 'resource.contentHash'),
    category,
    ...(executableType && { executableType }),
    // proto3 strings and integers cannot be told apart from "absent" when empty or zero.
    ...(w.mimeType !== undefined && w.mimeType !== '' && { mimeType: w.mimeType }),
    ...(w.size !== undefined && { size: bigintOf(w.size) }),
  };
}

export function outputToWire(o: TxOutput): WTxOutput {
  const base: WTxOutput = { owner: address(o.owner, 'output.owner'), lockingConditions: o.locks.map(lockToWire) };
  switch (o.content.type) {
    case 'asset':
      return { ...base, asset: assetToWire(o.content.asset) };
    case 'state':
      return { ...base, state: stateToWire(o.content.state) };
    case 'resource': {
      const r = o.content.resource;
      return {
        ...base,
        resource: {
          resource: resourceToWire(r),
          ...(r.creationTimestamp !== undefined && { creationTimestamp: u64(r.creationTimestamp, 'resource.creationTimestamp') }),
        },
      };
    }
  }
}

export function outputFromWire(w: WTxOutput): TxOutput {
  const owner = addressOf(w.owner, 'output.owner');
  const locks = (w.lockingConditions ?? []).map(lockFromWire);
  if (w.asset) return { owner, locks, content: { type: 'asset', asset: assetFromWire(w.asset) } };
  if (w.state) return { owner, locks, content: { type: 'state', state: stateFromWire(w.state) } };
  if (w.resource) {
    if (!w.resource.resource) throw missing('ResourceOutput.resource');
    const ts = w.resource.creationTimestamp;
    const resource: ResourceContent = { ...resourceFromWire(w.resource.resource), ...(ts !== undefined && { creationTimestamp: bigintOf(ts) }) };
    return { owner, locks, content: { type: 'resource', resource } };
  }
  throw missing('TxOutput.output_content');
}
