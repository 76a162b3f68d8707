// A counter and a greeting: the smallest stateful contract. State persists across calls:
// "count" (decimal), "greetings" (decimal), "last" (the last name greeted).

import { Event, Params, returnString, returnU64, Status, Storage } from "../../sdk/assemblyscript/index";

/** Increment {by?}: adds `by` (default 1) and returns the new value. */
export function Increment(): u32 {
  const p = Params.load();
  const by = p.optionalU64("by", 1);
  if (!p.ok || by == 0) return Status.INVALID_PARAMS;
  const count = Storage.getU64("count");
  if (count > u64.MAX_VALUE - by) return Status.INVALID_STATE; // would overflow
  const next = count + by;
  if (!Storage.setU64("count", next)) return Status.EXECUTION_FAILED;
  if (!new Event("Incremented").amount("value", next).emit()) return Status.EXECUTION_FAILED;
  return returnU64(next) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** Get: the current value (decimal, "0" before the first Increment). */
export function Get(): u32 {
  return returnU64(Storage.getU64("count")) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** SayHello {name?}: returns "Hello, <name>!" and counts the greeting. */
export function SayHello(): u32 {
  const p = Params.load();
  const name = p.optionalString("name", "World", 64);
  if (!p.ok) return Status.INVALID_PARAMS;
  const previous = Storage.getU64("greetings");
  if (previous == u64.MAX_VALUE) return Status.INVALID_STATE;
  const greetings = previous + 1;
  if (!(Storage.setU64("greetings", greetings) && Storage.setString("last", name))) return Status.EXECUTION_FAILED;
  return returnString("Hello, " + name + "!") ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** GetGreetingCount: how many times SayHello succeeded (decimal). */
export function GetGreetingCount(): u32 {
  return returnU64(Storage.getU64("greetings")) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}
