// Proposals and one-address-one-vote voting.
//
// State: "proposal/<id>" (JSON {title, proposer: 40-hex, height}), "yes/<id>", "no/<id>" (decimal),
//        "vote/<40-hex voter>/<id>" ("1" yes, "0" no). The voter part has a fixed length, so the
//        key is unambiguous whatever the id contains.

import {
  addressFromHex, addressHex, addressToBase58, Context, Event, JsonObject, JsonWriter, Params, returnJson,
  Status, Storage,
} from "../../sdk/assemblyscript/index";

const MAX_TITLE_LENGTH: i32 = 256;

function proposalKey(id: string): string {
  return "proposal/" + id;
}

/** Propose {id, title}: records a proposal by the caller at the current height. */
export function Propose(): u32 {
  const p = Params.load();
  const id = p.id("id");
  const title = p.string("title", MAX_TITLE_LENGTH);
  if (!p.ok || title.length == 0) return Status.INVALID_PARAMS;
  if (Storage.has(proposalKey(id))) return Status.ALREADY_EXISTS;

  const proposer = Context.caller();
  const record = new JsonWriter().str("title", title).str("proposer", addressHex(proposer))
    .num("height", Context.blockHeight()).finish();
  if (!Storage.set(proposalKey(id), record)) return Status.EXECUTION_FAILED;
  const ok = new Event("Proposed").str("id", id).str("title", title).address("proposer", proposer).emit();
  return ok ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** Vote {id, support}: one vote per address and proposal; a second vote is ALREADY_EXISTS. */
export function Vote(): u32 {
  const p = Params.load();
  const id = p.id("id");
  const support = p.bool("support");
  if (!p.ok) return Status.INVALID_PARAMS;
  if (!Storage.has(proposalKey(id))) return Status.NOT_FOUND;

  const voter = Context.caller();
  const voteKey = "vote/" + addressHex(voter) + "/" + id;
  if (Storage.has(voteKey)) return Status.ALREADY_EXISTS;
  const countKey = (support ? "yes/" : "no/") + id;
  const count = Storage.getU64(countKey); // < number of distinct voters: cannot overflow
  const written = Storage.setString(voteKey, support ? "1" : "0") && Storage.setU64(countKey, count + 1);
  if (!written) return Status.EXECUTION_FAILED;
  const ok = new Event("Voted").str("id", id).address("voter", voter).bool("support", support).emit();
  return ok ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** Tally {id}: {"yes": n, "no": n}. */
export function Tally(): u32 {
  const p = Params.load();
  const id = p.id("id");
  if (!p.ok) return Status.INVALID_PARAMS;
  if (!Storage.has(proposalKey(id))) return Status.NOT_FOUND;
  const w = new JsonWriter().num("yes", Storage.getU64("yes/" + id)).num("no", Storage.getU64("no/" + id));
  return returnJson(w) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** GetProposal {id}: {id, title, proposer, height}. */
export function GetProposal(): u32 {
  const p = Params.load();
  const id = p.id("id");
  if (!p.ok) return Status.INVALID_PARAMS;
  const text = Storage.getString(proposalKey(id));
  if (text == null) return Status.NOT_FOUND;
  const record = JsonObject.parse(text);
  assert(record != null, "corrupt proposal record");
  const proposer = addressFromHex(record!.getStringOr("proposer", ""));
  assert(proposer != null, "corrupt proposal record");
  const w = new JsonWriter().str("id", id).str("title", record!.getStringOr("title", ""))
    .str("proposer", addressToBase58(proposer!)).num("height", record!.getU64("height").value);
  return returnJson(w) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}
