/** proto3 JSON mapping of a TxOutput (utxo_lookup_json): lowerCamelCase, bytes base64, uint64 as strings. */
import { toBase64 } from '../../../../pkg/encoding.js';
import type { LockingCondition, OutputContent, TxOutput } from '../../../../pkg/model.js';

type Json = string | number | boolean | Json[] | { [k: string]: Json };

function lockJson(l: LockingCondition): Json {
  switch (l.kind) {
    case 'singleKey':
      return { singleKeyLock: { requiredAddressHash: toBase64(l.addressHash) } };
    case 'multiKey':
      return { multiKeyLock: { requiredSignatures: l.required, authorizedKeys: l.publicKeys.map((k) => ({ value: toBase64(k) })) } };
    case 'contract':
      return { contractLock: { contractAddress: toBase64(l.contract), ...(l.method ? { requiredMethod: l.method } : {}) } };
    case 'delegation':
      return {
        delegationLock: {
          originalOwner: toBase64(l.originalOwner),
          allowedDelegates: l.delegates.map(toBase64),
          ...(l.maxValuePerOperation ? { maxValuePerOperation: l.maxValuePerOperation.toString() } : {}),
        },
      };
    case 'threshold':
      return { thresholdLock: { threshold: l.threshold, totalParties: l.publicKeys.length, partyVerificationKeys: l.publicKeys.map(toBase64) } };
    case 'timeLock':
      return { timeLock: { unlockTimestamp: l.unlockTimestamp.toString(), baseLock: lockJson(l.base) } };
    case 'heightLock':
      return { heightLock: { unlockHeight: l.unlockHeight.toString(), baseLock: lockJson(l.base) } };
  }
}

function contentJson(c: OutputContent): [string, Json] {
  switch (c.type) {
    case 'asset': {
      const a = c.asset;
      return a.kind === 'native'
        ? ['asset', { nativeCoin: { amount: a.amount.toString() } }]
        : ['asset', { contractToken: { contractAddress: toBase64(a.contract), amount: a.amount.toString(), fungibleClassId: toBase64(a.classId) } }];
    }
    case 'state': {
      const s = c.state;
      return [
        'state',
        {
          stateId: toBase64(s.stateId),
          stateVersion: s.version.toString(),
          zkProof: { publicInputs: s.publicInputs.map(toBase64) },
          executionResultHash: toBase64(s.executionResultHash),
          ...(s.parentStateHash ? { parentStateHash: toBase64(s.parentStateHash) } : {}),
          ...(s.value ? { value: toBase64(s.value) } : {}),
        },
      ];
    }
    case 'resource': {
      const r = c.resource;
      return [
        'resource',
        {
          resource: {
            category: r.category === 'executable' ? 'RESOURCE_CATEGORY_EXECUTABLE' : 'RESOURCE_CATEGORY_STATIC',
            ...(r.executableType ? { executableType: r.executableType === 'contract' ? 'EXECUTABLE_TYPE_CONTRACT' : 'EXECUTABLE_TYPE_AIMODEL' } : {}),
            contentHash: toBase64(r.contentHash),
            ...(r.mimeType ? { mimeType: r.mimeType } : {}),
            ...(r.size ? { size: r.size.toString() } : {}),
          },
          ...(r.creationTimestamp ? { creationTimestamp: r.creationTimestamp.toString() } : {}),
        },
      ];
    }
  }
}

export function txOutputToProtoJson(o: TxOutput): string {
  const [name, content] = contentJson(o.content);
  return JSON.stringify({ owner: toBase64(o.owner), lockingConditions: o.locks.map(lockJson), [name]: content });
}
