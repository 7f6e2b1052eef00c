import { describe, expect, it } from 'vitest';
import { HttpProblem } from './problem.ts';
import { OPEN_END_DAY, cursorTime, decodeCursor, encodeCursor, forQuery, keyset } from './paging.ts';

const UUID = '83630393-9662-450b-a889-0eb5f933a430';
const byDay = keyset('test:day', 'date', 'uuid');
const byInstant = keyset('test:instant', 'timestamp', 'integer');
const forged = (...values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

/** The 400 a cursor that does not fit gets, naming querystring.cursor. */
function refused(decode: () => unknown) {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpProblem);
    expect((error as HttpProblem).status).toBe(400);
    expect((error as HttpProblem).errors?.[0]?.field).toBe('querystring.cursor');
    return;
  }
  expect.unreachable('the cursor was accepted');
}

describe('decodeCursor: date keys', () => {
  it('takes back what encodeCursor wrote', () => {
    for (const day of ['1900-01-01', '2024-02-29', '2026-12-31', '2999-12-31']) {
      expect(decodeCursor(byDay, encodeCursor(byDay, [day, UUID]))).toEqual([day, UUID]);
    }
  });

  it('takes the day a list sorts a missing date as', () => {
    expect(decodeCursor(byDay, forged('test:day', OPEN_END_DAY, UUID))).toEqual([OPEN_END_DAY, UUID]);
  });

  it.each(['2026-02-29', '2026-02-30', '2026-02-31', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '0000-01-01', '1899-12-31', '3000-01-01', '9999-12-30', '2026-1-05', '２０２６-01-05', ''])(
    'refuses %j: not a real day in the years 1900 to 2999',
    (day) => refused(() => decodeCursor(byDay, forged('test:day', day, UUID))),
  );
});

describe('decodeCursor: instant keys', () => {
  it('takes back what encodeCursor wrote, and PostgreSQL text with microseconds and an offset', () => {
    for (const at of [cursorTime(new Date('2026-11-02T10:00:00.123Z')), '2026-11-02T11:00:00.123456+01:00', '1900-01-01T00:00:00Z', '2999-12-31T23:59:59.999Z', '2026-03-29T02:30:00-14:59']) {
      expect(decodeCursor(byInstant, forged('test:instant', at, 42))).toEqual([at, 42]);
    }
  });

  it.each([
    '2026-02-30T10:00:00.000Z', '2026-02-31T00:00:00Z', '2026-04-31T12:00:00Z', // days Date.parse rolls over to the next month
    '0000-01-01T00:00:00.000Z', '1899-12-31T23:59:59.999Z', '3000-01-01T00:00:00.000Z', // years outside the calendar
    '1900-01-01T00:30:00+01:00', '2999-12-31T23:30:00-01:00', // on the edge, but a UTC day outside it
    '2026-01-01T24:00:00.000Z', '2026-01-01T23:60:00Z', '2026-01-01T23:59:60Z', // no such time of day
    '2026-01-01T00:00:00+16:00', '2026-01-01T00:00:00+01:60', // no such offset (PostgreSQL refuses ±16:00)
    '2026-01-01 00:00:00Z', '2026-01-01T00:00:00', '2026-01-01', 'not a time',
  ])('refuses %j', (at) => refused(() => decodeCursor(byInstant, forged('test:instant', at, 42))));
});

describe('decodeCursor: the rest of the shape', () => {
  it('refuses another list\'s cursor, a missing or extra value, an unsafe integer, what is not base64url JSON', () => {
    refused(() => decodeCursor(byDay, forged('test:other', '2026-01-01', UUID)));
    refused(() => decodeCursor(byDay, forged('test:day', '2026-01-01')));
    refused(() => decodeCursor(byDay, forged('test:day', '2026-01-01', UUID, 1)));
    refused(() => decodeCursor(byInstant, forged('test:instant', '2026-01-01T00:00:00Z', 2 ** 53)));
    refused(() => decodeCursor(byInstant, 'not-a-cursor'));
    expect(decodeCursor(byDay, undefined)).toBeUndefined();
  });
});

describe('forQuery: a cursor belongs to the filters it was given out for', () => {
  const set = keyset('things:name', 'text', 'uuid');
  const id = '00000000-0000-4000-8000-000000000001';
  it('the same filters, in any order and with another page size or cursor, take it; other filters refuse it', () => {
    const cursor = encodeCursor(forQuery(set, { status: 'active', q: 'x', limit: 5 }), ['b', id]);
    expect(decodeCursor(forQuery(set, { q: 'x', status: 'active', limit: 50, cursor }), cursor)).toEqual(['b', id]);
    expect(decodeCursor(forQuery(set, { q: 'x', status: 'active', other: undefined }), cursor)).toEqual(['b', id]);
    for (const other of [{ status: 'active' }, { status: 'blocked', q: 'x' }, { status: 'active', q: 'x', sort: 'name:desc' }, {}]) {
      expect(() => decodeCursor(forQuery(set, other), cursor), JSON.stringify(other)).toThrow(/cursor/);
    }
  });
});
