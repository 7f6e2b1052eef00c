/**
 * A SIM's usage of the month against its allowance (MOB-2), and the bands the fleet list filters
 * by: under 80 %, 80 to 100 % (both included) and over 100 % of the allowance. An unlimited
 * allowance (null) is never used up: under 80 %. Nothing used is under 80 %, also of a zero
 * allowance; anything used of a zero allowance is over 100 %. The SQL of the list filter states
 * the same rule; the unit tests hold both to these cases.
 */

export const USAGE_BANDS = ['under80', '80to100', 'over100'] as const;
export type UsageBand = (typeof USAGE_BANDS)[number];

/** The lower bound of the 80–100 % band, as a fraction: used ≥ allowance × 8 / 10. */
export const BAND_LOW_NUMERATOR = 8;
export const BAND_LOW_DENOMINATOR = 10;

/** The band of `used` against `allowance` (same unit; null: unlimited). */
export function usageBand(used: number, allowance: number | null): UsageBand {
  if (allowance === null) return 'under80';
  if (used > allowance) return 'over100';
  if (used > 0 && used * BAND_LOW_DENOMINATOR >= allowance * BAND_LOW_NUMERATOR) return '80to100';
  return 'under80';
}

/** `used` as a whole percentage of `allowance` (rounded down); null when unlimited or when the allowance is zero. */
export function usagePercent(used: number, allowance: number | null): number | null {
  if (allowance === null || allowance === 0) return null;
  return Math.floor((used * 100) / allowance);
}

/** Calls are counted by the started minute, as they are charged. */
export function chargedMinutes(durationS: number): number {
  return Math.ceil(Math.max(0, durationS) / 60);
}

/** Data volumes arrive in kB; allowances and screens speak MB (1 MB = 1024 kB), to one decimal. */
export function kbToMb(kb: number): number {
  return Math.round((kb / 1024) * 10) / 10;
}
