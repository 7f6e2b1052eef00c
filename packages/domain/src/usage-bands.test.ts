import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chargedMinutes, kbToMb, usageBand, usagePercent } from './usage-bands.ts';

describe('usage against the allowance (MOB-2) and the fleet list bands', () => {
  it.each([
    [0, 1000, 'under80'],
    [799, 1000, 'under80'],
    [800, 1000, '80to100'],
    [1000, 1000, '80to100'],
    [1001, 1000, 'over100'],
    [0, 0, 'under80'],
    [1, 0, 'over100'],
    [10_000_000, null, 'under80'],
    [0, null, 'under80'],
  ] as const)('%d of %s → %s', (used, allowance, band) => {
    expect(usageBand(used, allowance)).toBe(band);
  });

  it('the bands follow the percentage: under 80 %, 80–100 %, over 100 %', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (used, allowance) => {
      const band = usageBand(used, allowance);
      const ratio = used / allowance;
      expect(band).toBe(ratio > 1 ? 'over100' : ratio >= 0.8 && used > 0 ? '80to100' : 'under80');
    }));
  });

  it('percentages round down; none of an unlimited or zero allowance', () => {
    expect(usagePercent(799, 1000)).toBe(79);
    expect(usagePercent(2048, 1024)).toBe(200);
    expect(usagePercent(5, null)).toBeNull();
    expect(usagePercent(5, 0)).toBeNull();
  });

  it('calls count by the started minute; data in MB to one decimal', () => {
    expect([0, 1, 59, 60, 61, 3600].map(chargedMinutes)).toEqual([0, 1, 1, 1, 2, 60]);
    expect(kbToMb(1024)).toBe(1);
    expect(kbToMb(1536)).toBe(1.5);
    expect(kbToMb(0)).toBe(0);
  });
});
