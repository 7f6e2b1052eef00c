import type { Static, TSchema } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { MAX_SAVED_VIEWS } from '@mandate/contracts/saved-views';
import type { App } from '@mandate/domain/profiles';
import type { Deps } from '../../lib/deps.ts';
import { badRequest, conflict, notFound } from '../../lib/problem.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import type { Principal } from '../../types.ts';
import { foreignScopeIds } from '../../lib/customer-scope.ts';
import { countViews, deleteView, findViewByName, insertView, listViews, lockUserViews, updateView } from './saved-views.repo.ts';

/** A 400 naming the first id in `ids` (at `field`.N) that is not the customer's billing account or cost centre. */
export async function checkOwnIds(
  at: { db: Kysely<DB>; customerId: string }, table: 'billing_accounts' | 'cost_centres', ids: readonly string[], field: string, single = false,
): Promise<void> {
  const [foreign] = await foreignScopeIds(at.db, at.customerId, table, ids);
  if (foreign === undefined) return;
  const what = table === 'billing_accounts' ? 'billing account' : 'cost centre';
  throw badRequest(single ? field : `${field}.${ids.indexOf(foreign)}`, `is not a ${what} of this customer`);
}

/** The apps whose views the saved_views table takes (its CHECK constraint). */
export type SavedViewApp = Extract<App, 'insights' | 'fleet-manager' | 'invoices'>;

/** What one app's saved views are: the app they are kept under and what a view of it keeps. */
export interface SavedViewKind<S extends TSchema> {
  app: SavedViewApp;
  /** The state a view keeps; its routes validate bodies with savedViewBody(state) from the contracts. */
  state: S;
  /** Rules the schema cannot say (across fields, or ids of this customer): throws a 400 naming the field. */
  check?: (state: Static<S>, at: { db: Kysely<DB>; customerId: string }) => void | Promise<void>;
}

export interface SavedViewOf<T> {
  id: string;
  name: string;
  state: T;
  createdAt: string;
}

export interface SavedViews<T> {
  /** The signed-in user's own views of the app for this customer, by name. */
  list(deps: Deps, principal: Principal, customerId: string): Promise<{ items: Array<SavedViewOf<T>>; nextCursor: null }>;
  /** Saves a named view: the name trimmed, unique among his views of the app (409), at most MAX_SAVED_VIEWS of them (409). */
  create(deps: Deps, principal: Principal, customerId: string, body: { name: string; state: T }): Promise<SavedViewOf<T>>;
  /** Renames one of his own views (the name unique among his views, 409) or keeps another state in it; another user's view is not found (404). */
  update(deps: Deps, principal: Principal, customerId: string, viewId: string, body: { name?: string; state?: T }): Promise<SavedViewOf<T>>;
  /** Deletes one of his own views; another user's view is not found (404), as an unknown one. */
  remove(deps: Deps, principal: Principal, customerId: string, viewId: string): Promise<void>;
}

const nameTaken = (name: string) => conflict('view_name_taken', `You already have a view named "${name}".`, 'body.name', 'is the name of another of your views');

/** One user's saved views of one app (INS-3, PFM-4), per customer: the same rules for every app. */
export function savedViews<S extends TSchema>(kind: SavedViewKind<S>): SavedViews<Static<S>> {
  type State = Static<S>;
  const { app } = kind;
  const toView = (r: { id: string; name: string; state: unknown; createdAt: Date }): SavedViewOf<State> => ({
    id: r.id, name: r.name, state: r.state as State, createdAt: new Date(r.createdAt).toISOString(),
  });

  return {
    async list(deps, principal, customerId) {
      return { items: (await listViews(deps.db, customerId, principal.userId, app)).map(toView), nextCursor: null };
    },

    async create(deps, principal, customerId, body) {
      const name = body.name.trim();
      const { state } = body;
      await kind.check?.(state, { db: deps.db, customerId });
      const now = deps.clock.now();
      return deps.db.transaction().execute(async (trx) => {
        await lockUserViews(trx, customerId, principal.userId, app);
        if (await findViewByName(trx, customerId, principal.userId, app, name)) throw nameTaken(name);
        if ((await countViews(trx, customerId, principal.userId, app)) >= MAX_SAVED_VIEWS) {
          throw conflict('view_limit_reached', `You can keep at most ${MAX_SAVED_VIEWS} views; delete one first.`);
        }
        try {
          return toView(await insertView(trx, { customerId, userId: principal.userId, app, name, state, now }));
        } catch (error) {
          if (isUniqueViolation(error)) throw nameTaken(name);
          throw error;
        }
      });
    },

    async update(deps, principal, customerId, viewId, body) {
      const name = body.name?.trim();
      if (body.state !== undefined) await kind.check?.(body.state, { db: deps.db, customerId });
      return deps.db.transaction().execute(async (trx) => {
        await lockUserViews(trx, customerId, principal.userId, app);
        if (name !== undefined && await findViewByName(trx, customerId, principal.userId, app, name, viewId)) throw nameTaken(name);
        try {
          const row = await updateView(trx, customerId, principal.userId, app, viewId, { name, state: body.state });
          if (!row) throw notFound('view');
          return toView(row);
        } catch (error) {
          if (name !== undefined && isUniqueViolation(error)) throw nameTaken(name);
          throw error;
        }
      });
    },

    async remove(deps, principal, customerId, viewId) {
      if (!(await deleteView(deps.db, customerId, principal.userId, app, viewId))) throw notFound('view');
    },
  };
}
