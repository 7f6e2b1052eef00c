import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliverySetting } from '@mandate/contracts/invoice-delivery';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The state machine of an account's invoice delivery, as a table: from each state (reached through
 * the API), each action gives the HTTP status and the state after it. A refused action leaves the
 * setting exactly as it was (same version). Each row runs on an account of its own.
 *
 *   paper ──greenbill──▶ pending ──link──▶ greenbill active
 *   paper ──zoomit────▶ invited ──bank accepts──▶ zoomit active (refuses: back to paper)
 *   paper ──peppol────▶ peppol active;  any active ──cancel──▶ paper
 */
type State = 'paper' | 'pending' | 'invited' | 'greenbill' | 'zoomit' | 'peppol';
type Action = 'greenbill' | 'zoomit' | 'peppol' | 'cancel' | 'cancelRequest' | 'confirmLink' | 'bankAccepts' | 'bankRefuses';

/** [from, action, status, state after (channel/state)] */
const TABLE: Array<[State, Action, number, string]> = [
  ['paper', 'greenbill', 202, 'paper/pending'],
  ['paper', 'zoomit', 202, 'paper/invited'],
  ['paper', 'peppol', 200, 'peppol/active'],
  ['paper', 'cancel', 409, 'paper/paper'],
  ['pending', 'confirmLink', 200, 'greenbill/active'],
  ['pending', 'cancelRequest', 200, 'paper/paper'],
  ['pending', 'cancel', 200, 'paper/paper'],
  ['pending', 'zoomit', 202, 'paper/invited'],
  ['pending', 'greenbill', 202, 'paper/pending'],
  ['invited', 'bankAccepts', 200, 'zoomit/active'],
  ['invited', 'bankRefuses', 200, 'paper/paper'],
  ['invited', 'cancelRequest', 200, 'paper/paper'],
  ['invited', 'greenbill', 202, 'paper/pending'],
  ['greenbill', 'greenbill', 202, 'greenbill/active'],
  ['greenbill', 'zoomit', 202, 'greenbill/active'],
  ['greenbill', 'peppol', 200, 'peppol/active'],
  ['greenbill', 'cancel', 200, 'paper/paper'],
  ['zoomit', 'zoomit', 409, 'zoomit/active'],
  ['zoomit', 'greenbill', 202, 'zoomit/active'],
  ['zoomit', 'cancel', 200, 'paper/paper'],
  ['peppol', 'peppol', 409, 'peppol/active'],
  ['peppol', 'cancel', 200, 'paper/paper'],
  ['peppol', 'greenbill', 202, 'peppol/active'],
];

const IBAN = 'BE71 0961 2345 6769';
const OTHER_IBAN = 'BE14 0631 2345 6783';
let t: TestApp;
let acme: string;
let owner: ApiClient;
let n = 0;
const db = () => t.database.db;

async function newAccount(): Promise<string> {
  const row = await db().insertInto('billing_accounts').values({ customer_id: acme, number: `STATE-${String(++n).padStart(4, '0')}`, name: 'state machine', type: 'mobile' })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const path = (account: string, suffix = '') => `/api/v1/customers/${acme}/invoice-delivery/${account}${suffix}`;
async function read(account: string) {
  return (await owner.get<DeliverySetting>(path(account))).body;
}
const ifMatch = (s: DeliverySetting) => ({ 'if-match': `"${s.version}"` });

/** The address each account's latest GreenBill request went to: its verification mail is found by it. */
const addresses = new Map<string, string>();
let mails = 0;

async function pendingToken(account: string): Promise<string> {
  // The token is only in the mail (the outbox holds its text); the database keeps its hash.
  const mail = await db().selectFrom('mail_outbox').select('body_text').where('kind', '=', 'greenbill_verify').where('to_address', '=', addresses.get(account)!)
    .executeTakeFirstOrThrow();
  return /\/greenbill\/verify\/([A-Za-z0-9_-]+)/.exec(mail.body_text)![1]!;
}

async function bank(invitationId: string, result: 'accepted' | 'refused') {
  const raw = JSON.stringify({ eventId: `evt-${invitationId}-${result}`, invitationId, result });
  const timestamp = String(Math.floor(t.clock.now().getTime() / 1000));
  const signature = `sha256=${createHmac('sha256', t.app.config.zoomitWebhookSecret).update(`${timestamp}.${raw}`).digest('hex')}`;
  return new ApiClient(t.url).request('POST', '/api/v1/webhooks/zoomit', raw, { 'x-zoomit-timestamp': timestamp, 'x-zoomit-signature': signature });
}

async function act(account: string, action: Action): Promise<number> {
  const s = await read(account);
  switch (action) {
    case 'greenbill': {
      const email = `state-${++mails}@acme.test`;
      addresses.set(account, email);
      return (await owner.post(path(account, '/greenbill'), { email, notify: 'email' }, ifMatch(s))).status;
    }
    case 'zoomit':
      return (await owner.post(path(account, '/zoomit'), { iban: s.channel === 'zoomit' ? IBAN : s.state === 'invited' ? OTHER_IBAN : IBAN, bic: 'GKCCBEBB' }, ifMatch(s))).status;
    case 'peppol':
      return (await owner.post(path(account, '/peppol'), undefined, ifMatch(s))).status;
    case 'cancel':
      return (await owner.post(path(account, '/cancel'), undefined, ifMatch(s))).status;
    case 'cancelRequest':
      return (await owner.request('DELETE', path(account, `/requests/${s.pending!.id}`))).status;
    case 'confirmLink':
      return (await new ApiClient(t.url).post(`/api/v1/greenbill/verifications/${await pendingToken(account)}`)).status;
    case 'bankAccepts':
      return (await bank(s.pending!.id, 'accepted')).status;
    case 'bankRefuses':
      return (await bank(s.pending!.id, 'refused')).status;
  }
}

/** Brings a fresh account to a state through the API, as a user would. */
async function reach(account: string, state: State): Promise<void> {
  const steps: Record<State, Action[]> = {
    paper: [], pending: ['greenbill'], invited: ['zoomit'], greenbill: ['greenbill', 'confirmLink'], zoomit: ['zoomit', 'bankAccepts'], peppol: ['peppol'],
  };
  for (const step of steps[state]) expect(await act(account, step), `${state}: ${step}`).toBeLessThan(300);
}

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  owner = await signedIn(t.url, 'owner@acme.test');
}, 180_000);
afterAll(async () => t?.close());

describe('the delivery state machine (EBL-1, EBL-4..6, Peppol)', () => {
  it.each(TABLE)('%s --%s--> %i, then %s', async (from, action, status, after) => {
    const account = await newAccount();
    await reach(account, from);
    const before = await read(account);
    const got = await act(account, action);
    expect(got).toBe(status);
    const now = await read(account);
    expect(`${now.channel}/${now.state}`).toBe(after);
    if (got >= 400) expect(now.version).toBe(before.version);
    else expect(now.version).toBeGreaterThan(before.version);
  });
});
