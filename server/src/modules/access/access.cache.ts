import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { defineAbilityFor, type AppAbility } from '@mandate/authz/define-ability';
import { brusselsDate } from '@mandate/domain/dates';
import { loadPrincipal, readAccessEpoch, type SessionPrincipal } from './access.repo.ts';

export interface CachedPrincipal {
  principal: SessionPrincipal;
  ability: AppAbility;
  /** Derived answers computed once per entry (e.g. the /me body). */
  memo: Map<string, unknown>;
}

/**
 * Reads the access epoch for many concurrent requests with few queries, without ever answering
 * a request with a value read before it arrived: a request that comes while a read is under way
 * waits for the next read, which starts after that one. So a change committed before a request
 * arrives is always seen by it (revocation on the very next request, DLG-3, ACC-5).
 */
export class EpochReader {
  private current: Promise<number> | null = null;
  private next: Promise<number> | null = null;

  constructor(private readonly read: () => Promise<number>) {}

  epoch(): Promise<number> {
    if (!this.current) return this.start();
    this.next ??= this.current.then(
      () => this.promote(),
      () => this.promote(),
    );
    return this.next;
  }

  private start(): Promise<number> {
    const reading = this.read();
    this.current = reading;
    const clear = () => {
      if (this.current === reading) this.current = null;
    };
    reading.then(clear, clear);
    return reading;
  }

  private promote(): Promise<number> {
    this.next = null;
    this.current = null;
    return this.start();
  }
}

/**
 * The ability per session, kept while the access epoch, the business date and the context's own
 * validity (session end, delegation end or start) say it is still true (DESIGN.md §4). Bounded LRU.
 */
export class AccessCache {
  private readonly entries = new Map<string, CachedPrincipal>();
  private readonly epochs: EpochReader;

  constructor(private readonly db: Kysely<DB>, private readonly maxEntries = 10_000) {
    this.epochs = new EpochReader(() => readAccessEpoch(db));
  }

  async get(userId: string, sessionId: string, now: Date): Promise<CachedPrincipal | null> {
    const epoch = await this.epochs.epoch();
    const hit = this.entries.get(sessionId);
    if (
      hit &&
      hit.principal.userId === userId &&
      hit.principal.epoch === epoch &&
      now < hit.principal.validUntil &&
      hit.principal.today === brusselsDate(now)
    ) {
      return hit;
    }
    return this.load(userId, sessionId, now);
  }

  /** A cache miss: the context from the database and a freshly built ability. */
  async load(userId: string, sessionId: string, now: Date): Promise<CachedPrincipal | null> {
    const principal = await loadPrincipal(this.db, userId, sessionId, now);
    if (!principal) {
      this.entries.delete(sessionId);
      return null;
    }
    const entry: CachedPrincipal = { principal, ability: defineAbilityFor(principal.context), memo: new Map() };
    this.entries.delete(sessionId);
    this.entries.set(sessionId, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }
}
