import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, brusselsDate } from './dates.ts';
import {
  availableUntil, expiryDate, isRetained, isUnbilledVisible, RETENTION_MONTHS, retentionCutoffDate, retentionStart, unbilledVisibilityCutoff,
  unbilledVisibleFrom, type RetentionKind,
} from './retention.ts';

const at = (iso: string) => new Date(iso);
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

describe('retention windows in Brussels calendar terms (RET-1, RET-2, INV-3)', () => {
  it('keeps 12 months of billing data, 6 of call details, 24 of fixed-service PDF invoices', () => {
    expect(RETENTION_MONTHS).toMatchObject({ billing_data: 12, call_details: 6, fixed_invoice_pdf: 24, traffic_data: 12, personal_data: 120 });
  });

  it.each([
    // kind, now (instant), first retained Brussels day, retentionStart
    ['billing_data', '2026-07-15T10:00:00Z', '2025-07-15', '2025-07-14T22:00:00.000Z'],
    ['billing_data', '2026-07-14T22:00:00Z', '2025-07-15', '2025-07-14T22:00:00.000Z'], // already 15 July in Brussels
    ['billing_data', '2026-07-14T21:59:59.999Z', '2025-07-14', '2025-07-13T22:00:00.000Z'],
    ['call_details', '2026-03-31T12:00:00Z', '2025-09-30', '2025-09-29T22:00:00.000Z'],
    ['call_details', '2026-08-31T12:00:00Z', '2026-02-28', '2026-02-27T23:00:00.000Z'], // 31 Aug − 6 months: clamped to 28 Feb, CET
    ['fixed_invoice_pdf', '2026-01-10T12:00:00Z', '2024-01-10', '2024-01-09T23:00:00.000Z'],
    ['fixed_invoice_pdf', '2026-02-28T12:00:00Z', '2024-02-28', '2024-02-27T23:00:00.000Z'],
  ] as const)('%s at %s: from %s (%s)', (kind, now, cutoff, start) => {
    expect(retentionCutoffDate(kind, at(now))).toBe(cutoff);
    expect(retentionStart(kind, at(now)).toISOString()).toBe(start);
  });

  it('billing data of a period ending 31 July 2025 is visible through 31 July 2026 and gone at 00:00 Brussels on 1 August', () => {
    const boundary = at('2026-07-31T22:00:00.000Z'); // 1 August 2026 00:00 CEST
    expect(availableUntil('billing_data', '2025-07-31').toISOString()).toBe(boundary.toISOString());
    expect(isRetained('billing_data', '2025-07-31', ms(boundary, -1))).toBe(true);
    expect(isRetained('billing_data', '2025-07-31', boundary)).toBe(false);
  });

  it('call details of a call at 23:30 Brussels on 31 March go at the end of 30 September', () => {
    const call = at('2026-03-31T21:30:00.000Z'); // 23:30 CEST on 31 March
    expect(brusselsDate(call)).toBe('2026-03-31');
    const boundary = at('2026-09-30T22:00:00.000Z'); // 1 October 00:00 CEST
    expect(availableUntil('call_details', call).toISOString()).toBe(boundary.toISOString());
    expect(isRetained('call_details', call, ms(boundary, -1))).toBe(true);
    expect(isRetained('call_details', call, boundary)).toBe(false);
    // 30 March shares 31 March's last day (30 September, clamped); 29 March ends a day earlier.
    expect(isRetained('call_details', at('2026-03-30T10:00:00.000Z'), ms(boundary, -1))).toBe(true);
    expect(isRetained('call_details', at('2026-03-29T21:59:59.999Z'), ms(boundary, -1))).toBe(false);
    expect(availableUntil('call_details', at('2026-03-29T21:59:59.999Z')).toISOString()).toBe('2026-09-29T22:00:00.000Z');
  });

  it('a PDF invoice dated 29 February 2024 stays through 28 February 2026 (24 months, clamped) and goes at 00:00 on 1 March', () => {
    expect(expiryDate('fixed_invoice_pdf', '2024-02-29')).toBe('2026-03-01');
    const boundary = at('2026-02-28T23:00:00.000Z'); // 1 March 2026 00:00 CET
    expect(isRetained('fixed_invoice_pdf', '2024-02-29', ms(boundary, -1))).toBe(true);
    expect(isRetained('fixed_invoice_pdf', '2024-02-29', boundary)).toBe(false);
  });

  it('month-end clamping: the days that share a cut-off all expire together, on the first day past it', () => {
    // On 28 February 2026 the cut-off is 28 August 2025; on 1 March it is 1 September: 28–31 August go together.
    for (const day of ['2025-08-28', '2025-08-29', '2025-08-30', '2025-08-31']) {
      expect(isRetained('call_details', day, at('2026-02-28T12:00:00Z')), day).toBe(true);
      expect(isRetained('call_details', day, at('2026-03-01T12:00:00Z')), day).toBe(false);
    }
    expect(expiryDate('call_details', '2025-08-27')).toBe('2026-02-28');
    expect(expiryDate('call_details', '2025-08-28')).toBe('2026-03-01');
    expect(expiryDate('call_details', '2025-08-31')).toBe('2026-03-01');
  });

  it('isRetained(kind, ref, now) holds exactly while now < availableUntil(kind, ref), and availableUntil is the first instant it fails', () => {
    const kind = fc.constantFrom<RetentionKind>('billing_data', 'call_details', 'fixed_invoice_pdf', 'traffic_data', 'personal_data');
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t));
    fc.assert(fc.property(kind, instant, instant, (k, ref, now) => {
      const until = availableUntil(k, ref);
      expect(isRetained(k, ref, now)).toBe(now.getTime() < until.getTime());
      expect(isRetained(k, ref, ms(until, -1))).toBe(true);
      expect(isRetained(k, ref, until)).toBe(false);
      // The SQL form: retained ⇔ ref ≥ retentionStart(now).
      expect(isRetained(k, ref, now)).toBe(ref.getTime() >= retentionStart(k, now).getTime());
    }), { numRuns: 500 });
  });

  it('a record is retained the day before its expiryDate and not on it', () => {
    const day = fc.integer({ min: 0, max: 15_000 }).map((d) => addDays('2000-01-01', d));
    fc.assert(fc.property(day, (d) => {
      const expiry = expiryDate('call_details', d);
      expect(isRetained('call_details', d, at(`${addDays(expiry, -1)}T12:00:00Z`))).toBe(true);
      expect(isRetained('call_details', d, at(`${expiry}T12:00:00Z`))).toBe(false);
    }));
  });
});

describe('INV-4 unbilled usage shows 8 hours after the communication, at the earliest', () => {
  it('to the millisecond, across a DST change (hours, not wall-clock)', () => {
    const call = at('2026-03-28T22:00:00.000Z'); // 23:00 CET, the night the clocks go forward
    const from = at('2026-03-29T06:00:00.000Z');
    expect(unbilledVisibleFrom(call).toISOString()).toBe(from.toISOString());
    expect(isUnbilledVisible(call, ms(from, -1))).toBe(false);
    expect(isUnbilledVisible(call, from)).toBe(true);
    expect(unbilledVisibilityCutoff(from).toISOString()).toBe(call.toISOString());
  });
});
