import { InsightViewState } from '@mandate/contracts/insights';
import { badRequest } from '../../lib/problem.ts';
import { savedViews } from '../saved-views/saved-views.service.ts';
import { INSIGHTS_APP } from './insights.repo.ts';

/** INS-3: the signed-in user's own saved views of Invoice Insights for this customer (the figure and its filters). */
export const insightViews = savedViews({
  app: INSIGHTS_APP,
  state: InsightViewState,
  check: (state) => {
    if (state.from && state.to && state.from > state.to) throw badRequest('body.state.from', 'is after body.state.to');
  },
});
