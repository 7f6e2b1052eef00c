import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessReview, BulkConfirmResponse, ReviewDetail, ReviewItem, ReviewListResponse } from '@mandate/contracts/access-reviews';
import type { CreateUserResponse } from '@mandate/contracts/users';
import type { MeResponse } from '@mandate/contracts/me';
import type { Problem } from '@mandate/contracts/common';
import { closeExpiredReviews } from '@mandate/server/modules/access-reviews/access-reviews.service';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { outboxFor } from '../support/mail.ts';

/**
 * Access reviews: the AO starts a review; each reviewer confirms or removes each listed
 * user's rights by the deadline; what is not confirmed by then is removed automatically (ROLE-2:
 * never the last AO; SEC-3: audited; removal effective on the user's next request).
 * The test clock starts on 2026-11-02 (Brussels); deadlines are Brussels dates, end of day.
 */
let t: TestApp;
let owner: ApiClient;
let manager: ApiClient;
let finance: ApiClient;
let employee: ApiClient;
let noordzeeOwner: ApiClient;
let acme: string;
let noordzee: string;
const PASSWORD = 'a-long-enough-password';

beforeAll(async () => {
  t = await startTestApp();
  [owner, manager, finance, employee, noordzeeOwner] = await Promise.all(
    ['owner@acme.test', 'manager@acme.test', 'finance@acme.test', 'employee@acme.test', 'owner@noordzee.test'].map((e) => signedIn(t.url, e)),
  ) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
  const id = async (name: string) => (await t.database.db.selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  acme = await id('Acme Belgium NV');
  noordzee = await id('Noordzee Bouw NV');
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const reviews = (customerId = acme) => `/api/v1/customers/${customerId}/access-reviews`;
const userId = async (email: string) => (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const problem = (res: { body: unknown }) => res.body as Problem;
const reviewCount = async () => Number((await db().selectFrom('access_reviews').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const itemOf = async (reviewId: string, email: string) =>
  (await db().selectFrom('access_review_items').selectAll().where('review_id', '=', reviewId).where('user_id', '=', await userId(email)).executeTakeFirstOrThrow());
const isMember = async (customerId: string, email: string) =>
  Boolean(await db().selectFrom('memberships').select('id').where('customer_id', '=', customerId).where('user_id', '=', await userId(email)).executeTakeFirst());
const auditRows = async (action: string, targetId: string) =>
  db().selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', targetId).execute();

/** A new user added by `by`, who accepts his invitation and signs in. */
async function invitedAndSignedIn(by: ApiClient, customerId: string, profile: string, label: string) {
  const email = `${label}.${Date.now().toString(36)}@example.test`;
  const created = await by.post<CreateUserResponse>(`/api/v1/customers/${customerId}/users`, {
    email, firstName: 'Rita', lastName: label, language: 'fr', profile, employmentBasis: 'employment_indefinite', employmentEnd: null,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const mail = (await outboxFor(db(), email)).find((m) => m.kind === 'invitation')!;
  const token = /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
  expect((await new ApiClient(t.url).post(`/api/v1/invitations/${token}/accept`, { password: PASSWORD })).status).toBe(200);
  const client = new ApiClient(t.url);
  expect((await client.login(email, PASSWORD)).status).toBe(200);
  return { id: created.body.user.id, email, client };
}

/** Every item of a review the client may read, walking the keyset pages. */
async function allItems(client: ApiClient, reviewId: string, customerId = acme, limit = 7): Promise<ReviewItem[]> {
  const items: ReviewItem[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: ReviewDetail } = await client.get<ReviewDetail>(`${reviews(customerId)}/${reviewId}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

describe('starting a review: bad input and who may start', () => {
  it.each([
    ['today (not at least one day ahead)', '2026-11-02', 'deadline_too_soon'],
    ['a date in the past', '2026-10-01', 'deadline_too_soon'],
    ['more than 90 days ahead', '2027-02-01', 'deadline_too_far'],
    ['no calendar date', '2026-11-31', 'invalid_date'],
  ])('400 for a deadline %s, and nothing is written', async (_label, deadline, code) => {
    const res = await owner.post(reviews(), { deadline });
    expect(res.status).toBe(400);
    expect(problem(res)).toMatchObject({ code, errors: [{ field: 'body.deadline' }] });
    expect(await reviewCount()).toBe(0);
  });

  it('accepts exactly 90 days ahead only as the last day (2027-01-31 is day 90)', async () => {
    // Validated without writing: a reviewer who is not an AO/AM makes it fail after the date check.
    const res = await owner.post(reviews(), { deadline: '2027-01-31', reviewerIds: [await userId('finance@acme.test')] });
    expect(problem(res)).toMatchObject({ code: 'not_a_reviewer', errors: [{ field: 'body.reviewerIds.0' }] });
  });

  it('400 for a reviewer who is not an active AO or AM of the customer (another company\'s AO)', async () => {
    const res = await owner.post(reviews(), { deadline: '2026-11-09', reviewerIds: [await userId('manager@acme.test'), await userId('owner@noordzee.test')] });
    expect(res.status).toBe(400);
    expect(problem(res).errors).toEqual([{ field: 'body.reviewerIds.1', message: expect.any(String) }]);
    expect(await reviewCount()).toBe(0);
  });

  it('400 for an unknown profile or field (schema)', async () => {
    expect((await owner.post(reviews(), { deadline: '2026-11-09', profiles: ['boss'] })).status).toBe(400);
    expect((await owner.post(reviews(), { deadline: '2026-11-09', extra: 1 })).status).toBe(400);
  });

  it('ROLE-3/4/5: an AM, SPU or SU may not start one (403); another customer\'s AO gets 404', async () => {
    expect((await manager.post(reviews(), { deadline: '2026-11-09' })).status).toBe(403);
    expect((await finance.post(reviews(), { deadline: '2026-11-09' })).status).toBe(403);
    expect((await employee.post(reviews(), { deadline: '2026-11-09' })).status).toBe(403);
    expect((await noordzeeOwner.post(reviews(), { deadline: '2026-11-09' })).status).toBe(404);
    expect((await owner.post(reviews(noordzee), { deadline: '2026-11-09' })).status).toBe(404);
    expect((await finance.get(reviews())).status).toBe(403);
    expect(await reviewCount()).toBe(0);
  });
});

describe('a review at Acme, decided by its reviewers', () => {
  let review: AccessReview;
  let outsiderAm: { id: string; email: string; client: ApiClient };

  beforeAll(async () => {
    outsiderAm = await invitedAndSignedIn(owner, acme, 'access_manager', 'outsider-am');
    const res = await owner.post<AccessReview>(reviews(), {
      deadline: '2026-11-09', reviewerIds: [await userId('manager@acme.test')], profiles: ['access_manager', 'support_portal_user', 'service_user'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    review = res.body;
    // The outsider AM is reviewed by the manager; he reviews nothing himself.
  });

  it('lists one item per member of the chosen profiles, never the starting AO, never a reviewer reviewing himself', async () => {
    const members = await db().selectFrom('memberships').select('user_id').where('customer_id', '=', acme)
      .where('profile', 'in', ['access_manager', 'support_portal_user', 'service_user']).execute();
    expect(review).toMatchObject({ status: 'open', deadline: '2026-11-09', progress: { total: members.length, decided: 0 } });
    const items = await allItems(owner, review.id);
    expect(items).toHaveLength(members.length);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length); // keyset pages do not repeat
    expect(items.map((i) => i.user.email)).not.toContain('owner@acme.test');
    const managerId = await userId('manager@acme.test');
    const own = items.find((i) => i.user.id === managerId)!;
    expect(own.reviewer.id).toBe(await userId('owner@acme.test')); // the manager does not review himself
    expect(items.filter((i) => i.reviewer.id === managerId)).toHaveLength(items.length - 1);
    const fin = items.find((i) => i.user.email === 'finance@acme.test')!;
    expect(fin).toMatchObject({ profile: 'support_portal_user', subProfiles: ['financial_manager'], decision: 'pending', memberNow: true });
    expect(fin.rights.length).toBeGreaterThan(0);
    expect(fin.rights[0]).toMatchObject({ app: expect.any(String), actions: expect.any(Array), billingAccounts: expect.any(Number) });
  });

  it('one open review per customer: a second start → 409', async () => {
    const res = await owner.post(reviews(), { deadline: '2026-11-20' });
    expect(res.status).toBe(409);
    expect(problem(res).code).toBe('review_open');
  });

  it('audits the start and mails each reviewer in his language', async () => {
    expect(await auditRows('access_review.start', review.id)).toHaveLength(1);
    const toManager = (await outboxFor(db(), 'manager@acme.test')).filter((m) => m.kind === 'access_review_started');
    expect(toManager).toHaveLength(1);
    expect(toManager[0]).toMatchObject({ language: 'nl' });
    expect(toManager[0]!.subject).toContain('Toegangscontrole');
    expect(toManager[0]!.text).toContain(`/customers/${acme}/reviews/${review.id}`);
    expect(toManager[0]!.text).toContain(String(review.progress.total - 1));
    expect((await outboxFor(db(), 'owner@acme.test')).filter((m) => m.kind === 'access_review_started')).toHaveLength(1);
    expect((await outboxFor(db(), outsiderAm.email)).filter((m) => m.kind === 'access_review_started')).toHaveLength(0);
  });

  it('the AO lists every review; an AM sees his own items only; an AM with no items sees nothing (404 on the review)', async () => {
    const asOwner = await owner.get<ReviewListResponse>(reviews());
    expect(asOwner.body.items.map((r) => r.id)).toEqual([review.id]);
    const asManager = await manager.get<ReviewListResponse>(reviews());
    expect(asManager.body.items[0]!.progress.total).toBe(review.progress.total - 1);
    const managerItems = await allItems(manager, review.id);
    expect(managerItems.every((i) => i.reviewer.email === 'manager@acme.test')).toBe(true);
    expect((await outsiderAm.client.get<ReviewListResponse>(reviews())).body.items).toEqual([]);
    expect((await outsiderAm.client.get(`${reviews()}/${review.id}`)).status).toBe(404);
    expect((await noordzeeOwner.get(`${reviews()}/${review.id}`)).status).toBe(404);
    expect((await owner.get(`${reviews(noordzee)}/${review.id}`)).status).toBe(404);
  });

  it('the assigned reviewer (an AM) confirms; confirming again changes nothing', async () => {
    const item = await itemOf(review.id, 'employee@acme.test');
    const res = await manager.post<ReviewItem>(`${reviews()}/${review.id}/items/${item.id}/confirm`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ decision: 'confirmed', decidedBy: { email: 'manager@acme.test' } });
    expect((await manager.post<ReviewItem>(`${reviews()}/${review.id}/items/${item.id}/confirm`)).body.decidedAt).toBe(res.body.decidedAt);
    expect(await auditRows('access_review.confirm', item.id)).toHaveLength(1);
  });

  it('an AM who is not the item\'s reviewer gets 404, and nothing changes', async () => {
    const own = await itemOf(review.id, 'manager@acme.test'); // assigned to the owner
    expect((await manager.post(`${reviews()}/${review.id}/items/${own.id}/confirm`)).status).toBe(404);
    expect((await manager.post(`${reviews()}/${review.id}/items/${own.id}/remove`)).status).toBe(404);
    const other = await itemOf(review.id, 'fleet@acme.test');
    expect((await outsiderAm.client.post(`${reviews()}/${review.id}/items/${other.id}/remove`)).status).toBe(404);
    expect((await finance.post(`${reviews()}/${review.id}/items/${other.id}/confirm`)).status).toBe(403);
    expect((await itemOf(review.id, 'fleet@acme.test')).decision).toBe('pending');
    expect(await isMember(acme, 'fleet@acme.test')).toBe(true);
  });

  it('bulk confirm is all or nothing: an item the AM may not decide → 400 naming it', async () => {
    const staff = await db().selectFrom('access_review_items').select('id').where('review_id', '=', review.id).where('profile', '=', 'service_user')
      .where('decision', '=', 'pending').orderBy('id').limit(3).execute();
    const own = await itemOf(review.id, 'manager@acme.test');
    const res = await manager.post(`${reviews()}/${review.id}/items/confirm`, { itemIds: [staff[0]!.id, staff[1]!.id, own.id] });
    expect(res.status).toBe(400);
    expect(problem(res).errors).toEqual([{ field: 'body.itemIds.2', message: expect.any(String) }]);
    expect((await db().selectFrom('access_review_items').select('decision').where('id', '=', staff[0]!.id).executeTakeFirstOrThrow()).decision).toBe('pending');
    const ok = await manager.post<BulkConfirmResponse>(`${reviews()}/${review.id}/items/confirm`, { itemIds: [staff[0]!.id, staff[1]!.id] });
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((i) => i.decision)).toEqual(['confirmed', 'confirmed']);
    // The AO decides any item, the one of the manager included.
    expect((await owner.post<BulkConfirmResponse>(`${reviews()}/${review.id}/items/confirm`, { itemIds: [staff[2]!.id] })).body.items[0]!.decision).toBe('confirmed');
  });

  it('the reviewer removes a user: his membership and grants go, audited, and his next request no longer has the customer', async () => {
    expect((await finance.get<MeResponse>('/api/v1/me')).body.customers.map((c) => c.id)).toContain(acme);
    const item = await itemOf(review.id, 'finance@acme.test');
    const res = await manager.post<ReviewItem>(`${reviews()}/${review.id}/items/${item.id}/remove`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ decision: 'removed', memberNow: false, rights: [], decidedBy: { email: 'manager@acme.test' } });
    expect(await isMember(acme, 'finance@acme.test')).toBe(false);
    expect(await db().selectFrom('grants').select('id').where('membership_id', '=', item.membership_id).execute()).toEqual([]);
    expect((await finance.get<MeResponse>('/api/v1/me')).body.customers.map((c) => c.id)).not.toContain(acme);
    expect((await finance.get(`/api/v1/customers/${acme}/users/${await userId('employee@acme.test')}/sims`)).status).toBe(404);
    expect(await auditRows('access_review.remove', item.id)).toHaveLength(1);
    const removal = await auditRows('user.remove', item.user_id);
    expect(removal.at(-1)).toMatchObject({ actor_user_id: await userId('manager@acme.test'), customer_id: acme });
    // Removed is final: confirming it now is a conflict.
    const again = await owner.post(`${reviews()}/${review.id}/items/${item.id}/confirm`);
    expect(again.status).toBe(409);
    expect(problem(again).code).toBe('already_decided');
  });
});

describe('ROLE-2: the last Access Owner is never removed', () => {
  let review: AccessReview;
  let secondOwner: { id: string; email: string; client: ApiClient };

  beforeAll(async () => {
    secondOwner = await invitedAndSignedIn(noordzeeOwner, noordzee, 'access_owner', 'second-ao');
    const res = await noordzeeOwner.post<AccessReview>(reviews(noordzee), { deadline: '2026-11-09', profiles: ['access_owner'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    review = res.body;
  });

  it('reviews the other AO (not the starter himself)', async () => {
    const items = await allItems(noordzeeOwner, review.id, noordzee);
    expect(items.map((i) => i.user.email)).toEqual([secondOwner.email]);
  });

  it('nobody decides on his own access (403), also an AO', async () => {
    // The starter leaves; the second AO is now the customer's only one, and the review stays open.
    expect((await secondOwner.client.request('DELETE', `/api/v1/customers/${noordzee}/users/${await userId('owner@noordzee.test')}`)).status).toBe(204);
    const item = await itemOf(review.id, secondOwner.email);
    expect((await secondOwner.client.get(`${reviews(noordzee)}/${review.id}`)).status).toBe(200);
    expect((await secondOwner.client.post(`${reviews(noordzee)}/${review.id}/items/${item.id}/remove`)).status).toBe(403);
    expect((await secondOwner.client.post(`${reviews(noordzee)}/${review.id}/items/confirm`, { itemIds: [item.id] })).status).toBe(403);
    expect((await itemOf(review.id, secondOwner.email)).decision).toBe('pending');
    expect(await isMember(noordzee, secondOwner.email)).toBe(true);
  });
});

describe('closeExpiredReviews: after the deadline, what is not confirmed is removed', () => {
  it('does nothing before the deadline day ends in Brussels (23:00 on 2026-11-09)', async () => {
    t.clock.set(new Date('2026-11-09T22:00:00Z'));
    expect(await closeExpiredReviews(t.app)).toBe(0);
  });

  it('removes the pending items, keeps the confirmed ones and the last AO, closes, audits and mails; a second run changes nothing', async () => {
    t.clock.set(new Date('2026-11-09T23:30:00Z')); // 00:30 on 2026-11-10 in Brussels
    const pendingAcme = await db().selectFrom('access_review_items').select(['id', 'user_id']).where('customer_id', '=', acme).where('decision', '=', 'pending').execute();
    expect(pendingAcme.length).toBeGreaterThan(0);
    expect(await closeExpiredReviews(t.app)).toBe(2);

    const acmeReview = await db().selectFrom('access_reviews').selectAll().where('customer_id', '=', acme).executeTakeFirstOrThrow();
    expect(acmeReview.status).toBe('closed');
    for (const item of pendingAcme) {
      expect((await db().selectFrom('access_review_items').select('decision').where('id', '=', item.id).executeTakeFirstOrThrow()).decision).toBe('removed');
      expect(await db().selectFrom('memberships').select('id').where('customer_id', '=', acme).where('user_id', '=', item.user_id).executeTakeFirst()).toBeUndefined();
      expect(await auditRows('access_review.auto_remove', item.id)).toHaveLength(1);
    }
    expect(await isMember(acme, 'employee@acme.test')).toBe(true); // confirmed
    expect(await isMember(acme, 'owner@acme.test')).toBe(true); // the starter is not reviewed
    // A week later the access tokens have expired: sign in again.
    [owner, employee, manager] = await Promise.all(['owner@acme.test', 'employee@acme.test', 'manager@acme.test'].map((e) => signedIn(t.url, e))) as [ApiClient, ApiClient, ApiClient];
    expect((await employee.get<MeResponse>('/api/v1/me')).body.customers.map((c) => c.id)).toContain(acme);
    // The manager's own item was not confirmed: he is gone.
    expect(await isMember(acme, 'manager@acme.test')).toBe(false);
    expect((await manager.get(reviews())).status).toBe(404);

    // Noordzee: its only AO stays (ROLE-2), recorded as kept.
    const kept = await db().selectFrom('access_review_items').select(['id', 'decision', 'user_id']).where('customer_id', '=', noordzee).execute();
    expect(kept.map((k) => k.decision)).toEqual(['kept']);
    expect(await db().selectFrom('memberships').select('id').where('customer_id', '=', noordzee).where('user_id', '=', kept[0]!.user_id).executeTakeFirst()).toBeDefined();
    expect(await auditRows('access_review.keep_last_owner', kept[0]!.id)).toHaveLength(1);

    expect(await auditRows('access_review.close', acmeReview.id)).toHaveLength(1);
    const summary = (await outboxFor(db(), 'owner@acme.test')).filter((m) => m.kind === 'access_review_closed');
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ language: 'nl' });
    expect(summary[0]!.text).toContain(`Verwijderd: ${pendingAcme.length + 1}`); // + the finance user removed by hand
    // The starter at Noordzee left: the summary goes to its AO now.
    const secondAoMail = await db().selectFrom('mail_outbox').select(['to_address', 'language']).where('kind', '=', 'access_review_closed').where('customer_id', '=', noordzee).execute();
    expect(secondAoMail).toHaveLength(1);
    expect(secondAoMail[0]!.language).toBe('fr');

    // Idempotent: a second run changes nothing.
    const counts = async () => ({
      audit: Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      mail: Number((await db().selectFrom('mail_outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      members: Number((await db().selectFrom('memberships').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    });
    const before = await counts();
    expect(await closeExpiredReviews(t.app)).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('a closed review takes no more decisions (409), and the AO may start a new one', async () => {
    const acmeReview = await db().selectFrom('access_reviews').select('id').where('customer_id', '=', acme).executeTakeFirstOrThrow();
    const item = await itemOf(acmeReview.id, 'employee@acme.test');
    const res = await owner.post(`${reviews()}/${acmeReview.id}/items/${item.id}/remove`);
    expect(res.status).toBe(409);
    expect(problem(res).code).toBe('review_closed');
    expect((await owner.post(reviews(), { deadline: '2026-11-20' })).status).toBe(201);
  });
});

describe('ROLE-2/3: an Access Owner\'s item goes to an Access Owner among the reviewers', () => {
  it('with the AM named first among the reviewers, the AO item still goes to the AO', async () => {
    const lumiere = (await db().selectFrom('customers').select('id').where('name', '=', 'Lumière SRL').executeTakeFirstOrThrow()).id;
    const lumiereOwner = await signedIn(t.url, 'owner@lumiere.test');
    const second = await invitedAndSignedIn(lumiereOwner, lumiere, 'access_owner', 'lumiere-second-ao');
    const [ownerId, managerId] = [await userId('owner@lumiere.test'), await userId('manager@lumiere.test')];
    const res = await lumiereOwner.post<AccessReview>(reviews(lumiere), {
      // A week after the test clock (earlier tests move it past other deadlines).
      deadline: new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10), reviewerIds: [managerId, ownerId], profiles: ['access_owner'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const items = await allItems(lumiereOwner, res.body.id, lumiere);
    // Round robin over the reviewers would have given it to the AM, named first.
    expect(items.map((i) => [i.user.email, i.profile, i.reviewer.id])).toEqual([[second.email, 'access_owner', ownerId]]);
  });
});
