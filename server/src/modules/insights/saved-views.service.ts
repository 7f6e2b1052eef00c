import { InsightViewState } from '@mandate/contracts/insights';
import { badRequest } from '../../lib/problem.ts';
import { checkOwnIds, savedViews } from '../saved-views/saved-views.service.ts';
import { INSIGHTS_APP } from './insights.repo.ts';

/** INS-3: the signed-in user's own saved views of Invoice Insights for this customer (the figure and its filters). */
export const insightViews = savedViews({
  app: INSIGHTS_APP,
  state: InsightViewState,
  check: async (state, at) => {
    if (state.from && state.to && state.from > state.to) throw badRequest('body.state.from', 'is after body.state.to');
    await checkOwnIds(at, 'billing_accounts', state.billingAccountIds ?? [], 'body.state.billingAccountIds');
    await checkOwnIds(at, 'cost_centres', state.costCentreIds ?? [], 'body.state.costCentreIds');
  },
});
