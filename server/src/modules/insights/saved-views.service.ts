import { MAX_SAVED_VIEWS, type InsightView, type InsightViewBody, type InsightViewList, type InsightViewState } from '@mandate/contracts/insights';
import type { Deps } from '../../lib/deps.ts';
import { HttpProblem, badRequest, notFound } from '../../lib/problem.ts';
import type { Principal } from '../../types.ts';
import { INSIGHTS_APP } from './insights.repo.ts';
import { countViews, deleteView, findViewByName, insertView, listViews, lockUserViews } from './saved-views.repo.ts';

const toView = (r: { id: string; name: string; state: unknown; createdAt: Date }): InsightView => ({
  id: r.id, name: r.name, state: r.state as InsightViewState, createdAt: new Date(r.createdAt).toISOString(),
});

const isUniqueViolation = (error: unknown) => String((error as { code?: unknown }).code) === '23505';
const nameTaken = (name: string) => new HttpProblem(409, 'view_name_taken', 'Conflict', `You already have a view named "${name}".`);

/** INS-3: the signed-in user's own saved views of Invoice Insights for this customer. */
export async function listInsightViews(deps: Deps, principal: Principal, customerId: string): Promise<InsightViewList> {
  return { items: (await listViews(deps.db, customerId, principal.userId, INSIGHTS_APP)).map(toView) };
}

/** Saves a named view (unique per user, at most MAX_SAVED_VIEWS of them). */
export async function createInsightView(deps: Deps, principal: Principal, customerId: string, body: InsightViewBody): Promise<InsightView> {
  const name = body.name.trim();
  const { state } = body;
  if (state.from && state.to && state.from > state.to) throw badRequest('body.state.from', 'is after body.state.to');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await lockUserViews(trx, customerId, principal.userId, INSIGHTS_APP);
    if (await findViewByName(trx, customerId, principal.userId, INSIGHTS_APP, name)) throw nameTaken(name);
    if ((await countViews(trx, customerId, principal.userId, INSIGHTS_APP)) >= MAX_SAVED_VIEWS) {
      throw new HttpProblem(409, 'view_limit_reached', 'Conflict', `You can keep at most ${MAX_SAVED_VIEWS} views; delete one first.`);
    }
    try {
      return toView(await insertView(trx, { customerId, userId: principal.userId, app: INSIGHTS_APP, name, state, now }));
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(name);
      throw error;
    }
  });
}

/** Deletes one of the user's own views; another user's view is not found (404), as an unknown one. */
export async function deleteInsightView(deps: Deps, principal: Principal, customerId: string, viewId: string): Promise<void> {
  if (!(await deleteView(deps.db, customerId, principal.userId, INSIGHTS_APP, viewId))) throw notFound('view');
}
