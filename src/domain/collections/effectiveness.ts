/**
 * How well collections work, as pure arithmetic over amounts in minor units.
 *
 * Collection effectiveness index (CEI) for a period:
 *   CEI = (beginning receivables + credit sales − ending total receivables)
 *       / (beginning receivables + credit sales − ending current receivables) × 100
 * the share of what could have been collected in the period (everything owed at its start and
 * billed during it, less what is not yet due at its end) that was collected. 100 is perfect.
 */
export function collectionEffectivenessIndex(input: {
  readonly beginningMinor: bigint;
  readonly creditSalesMinor: bigint;
  readonly endingTotalMinor: bigint;
  readonly endingCurrentMinor: bigint;
}): number | null {
  const collectible = input.beginningMinor + input.creditSalesMinor - input.endingCurrentMinor;
  if (collectible <= 0n) return null;
  const collected = input.beginningMinor + input.creditSalesMinor - input.endingTotalMinor;
  return ratioPercent(collected, collectible);
}

/** `part / whole × 100`, rounded to one decimal; null when the whole is not positive. */
export function ratioPercent(part: bigint, whole: bigint): number | null {
  if (whole <= 0n) return null;
  return Number((part * 1000n + whole / 2n) / whole) / 10;
}
