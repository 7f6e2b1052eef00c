import { useState } from 'react';
import { Alert, Badge, Button, Group, List, Text } from '@mantine/core';
import { subject } from '@casl/ability';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useCoverage, useRequestAccess, type CoverageAccount, type CoveringApp } from '../api/insights-api.ts';
import { useInsightsI18n } from '../i18n/index.ts';

/**
 * INS-1, PFM-2: Invoice Insights covers the billing accounts that existed when it was activated,
 * Fleet Manager the mobile ones. The later ones are listed with their access request; whoever may
 * create one (the ability says so, not a profile name) asks for it here. Nothing while the app is
 * not active (mobile-number management alone covers every account).
 */
export function CoverageNotice({ customerId, app = 'insights' }: { customerId: string; app?: CoveringApp }) {
  const i = useInsightsI18n();
  const { ti } = i;
  const { ability } = useCustomerContext();
  const coverage = useCoverage(customerId, app);
  const request = useRequestAccess(customerId, app);
  const [requested, setRequested] = useState<string | null>(null);
  const mayRequest = ability.can('create', subject('AccessRequest', { customerId }));
  if (coverage.error) return <ProblemAlert error={coverage.error} onRetry={() => void coverage.refetch()} testId="coverage-error" />;
  if (!coverage.data?.activatedAt) return null;
  const uncovered = coverage.data.billingAccounts.filter((a) => !a.covered);
  if (uncovered.length === 0) return null;
  const label = (a: CoverageAccount) => (a.name ? `${a.number} · ${a.name}` : a.number);
  const activated = formatDate(coverage.data.activatedAt.slice(0, 10), i.locale);
  return (
    <Alert color="yellow" variant="light" title={ti('insights.coverage.title')} className="insights-coverage" data-testid="coverage-notice">
      <Text size="sm" mb="xs">{ti(app === 'insights' ? 'insights.coverage.text' : 'insights.coverage.fleetText', { date: activated })}</Text>
      <List size="sm" spacing="xs">
        {uncovered.map((account) => {
          const status = account.request?.status ?? null;
          return (
            <List.Item key={account.id} data-testid={`coverage-${account.number}`}>
              <Group gap="sm" wrap="wrap">
                <Text size="sm" fw={500}>{label(account)}</Text>
                {status === 'pending' || status === 'refused' ? (
                  <Badge variant="light" color={status === 'refused' ? 'red' : 'blue'} tt="none" data-testid={`coverage-status-${account.number}`}>
                    {ti(`insights.status.${status}`)}
                  </Badge>
                ) : null}
                {mayRequest && status !== 'pending' ? (
                  <Button
                    size="compact-sm"
                    variant="light"
                    className="insights-noprint"
                    aria-label={ti('insights.coverage.requestFor', { account: label(account) })}
                    loading={request.isPending && request.variables === account.id}
                    onClick={() => request.mutate(account.id, { onSuccess: () => setRequested(label(account)) })}
                    data-testid={`coverage-request-${account.number}`}
                  >
                    {ti('insights.coverage.request')}
                  </Button>
                ) : null}
              </Group>
            </List.Item>
          );
        })}
      </List>
      {!mayRequest ? <Text size="xs" c="dimmed" mt="xs">{ti('insights.coverage.askOwner')}</Text> : null}
      {requested ? <Text size="sm" mt="xs" role="status" data-testid="coverage-requested">{ti('insights.coverage.requested', { account: requested })}</Text> : null}
      {request.error ? <ProblemAlert error={request.error} testId="coverage-request-error" /> : null}
    </Alert>
  );
}
