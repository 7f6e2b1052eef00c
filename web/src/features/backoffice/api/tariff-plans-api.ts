import { useQuery } from '@tanstack/react-query';
import type { TariffPlan, WithdrawPlanBody, WithdrawPlanResult } from '@mandate/contracts/catalogue';
import { apiRequest } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';
import { operatorKeys } from './backoffice-api.ts';

const plansKey = [...operatorKeys.all, 'tariff-plans'] as const;

/** GET /catalogue/tariff-plans: the operator's plans, withdrawn ones included (their subscribers still hold them). */
export function useCataloguePlans() {
  return useQuery({
    queryKey: plansKey,
    queryFn: ({ signal }) => apiRequest<{ items: TariffPlan[] }>('/catalogue/tariff-plans', { signal }),
  });
}

/** POST /operator/tariff-plans/{id}/withdraw: the Access Owners of customers with lines on it are mailed (MOB-11). */
export function useWithdrawPlan() {
  return useChange(
    ({ id, ...body }: WithdrawPlanBody & { id: string }) =>
      apiRequest<WithdrawPlanResult>(`/operator/tariff-plans/${encodeURIComponent(id)}/withdraw`, { method: 'POST', body }),
    [operatorKeys.all, ['catalogue']],
  );
}
