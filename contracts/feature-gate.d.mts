/** Reasons a module's .wat text breaks the engine's feature gate (ABI.md §9); empty = accepted. */
export function checkWat(wat: string): string[];
