import { useState } from 'react';
import { Badge, Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { CompanyCell, ListTable } from '../../../components/list-table.tsx';
import { formatDate } from '../../../lib/format.ts';
import { oneOf } from '../../../lib/url-state.ts';
import { useInsightsI18n } from '../../insights/i18n/index.ts';
import { useAccessRequestDecision, useAccessRequestQueue, type OperatorAccessRequest } from '../api/access-requests-api.ts';

const FILTERS = ['pending', 'all'] as const;

interface Decision {
  request: OperatorAccessRequest;
  approve: boolean;
}

/**
 * The access requests of customers for a billing account created after an app was activated
 * (INS-1, PFM-2): operator staff approve or refuse each, after a confirmation (a refusal with its reason).
 */
export function AccessRequestQueue({ status: raw, onStatus }: { status: string; onStatus: (status: string) => void }) {
  const { t, ti, locale } = useInsightsI18n();
  const status = oneOf(raw, FILTERS) ?? 'pending';
  const query = useAccessRequestQueue(status === 'all' ? null : status);
  const mutation = useAccessRequestDecision();
  const [decision, setDecision] = useState<Decision | null>(null);
  const account = (r: OperatorAccessRequest) => (r.billingAccount.name ? `${r.billingAccount.number} · ${r.billingAccount.name}` : r.billingAccount.number);
  const what = (r: OperatorAccessRequest) => ({ customer: r.customerName, account: account(r), app: t(`app.${r.app}`) });

  return (
    <Stack gap="sm">
      <SegmentedControl
        value={status}
        onChange={onStatus}
        data={[{ value: 'pending', label: t('bo.toReview') }, { value: 'all', label: t('bo.all') }]}
        size="xs"
        data-testid="bo-status-filter"
      />
      <ListStates query={query} empty={<Text c="dimmed" data-testid="bo-access-requests-empty">{ti('insights.bo.empty')}</Text>}>
        {(items) => (
          <ListTable
            label={ti('insights.bo.tab')}
            testId="bo-access-requests"
            minWidth={820}
            columns={[ti('insights.bo.customer'), ti('insights.bo.app'), ti('insights.bo.account'), ti('insights.bo.requested'), ti('insights.bo.status'), ti('insights.bo.actions')]}
          >
            {items.map((r) => (
              <Table.Tr key={r.id} data-testid={`bo-access-request-${r.id}`}>
                <Table.Td><CompanyCell name={r.customerName} /></Table.Td>
                <Table.Td><Text size="sm">{t(`app.${r.app}`)}</Text></Table.Td>
                <Table.Td><Text size="sm">{account(r)}</Text></Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDate(r.requestedAt, locale)}</Text>
                  {r.requestedBy ? <Text size="xs" c="dimmed">{r.requestedBy.name}</Text> : null}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={r.status === 'approved' ? 'green' : r.status === 'refused' ? 'red' : 'blue'} tt="none">{ti(`insights.status.${r.status}`)}</Badge>
                  {r.reason ? <Text size="xs" c="dimmed">{r.reason}</Text> : null}
                </Table.Td>
                <Table.Td>
                  {r.status === 'pending' ? (
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" onClick={() => setDecision({ request: r, approve: true })} data-testid={`access-request-approve-${r.id}`}>{t('bo.approve')}</Button>
                      <Button size="xs" color="red" variant="light" onClick={() => setDecision({ request: r, approve: false })} data-testid={`access-request-refuse-${r.id}`}>{t('bo.refuse')}</Button>
                    </Group>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </ListStates>
      {decision ? (
        <ConfirmModal
          title={t(decision.approve ? 'bo.approveTitle' : 'bo.refuseTitle')}
          text={ti(decision.approve ? 'insights.bo.approveText' : 'insights.bo.refuseText', what(decision.request))}
          confirmLabel={t(decision.approve ? 'bo.approve' : 'bo.refuse')}
          reason={decision.approve ? 'none' : 'required'}
          danger={!decision.approve}
          loading={mutation.isPending}
          error={mutation.error}
          testId={`access-request-${decision.approve ? 'approve' : 'refuse'}`}
          onClose={() => {
            setDecision(null);
            mutation.reset();
          }}
          onConfirm={(reason) =>
            mutation.mutate({ id: decision.request.id, approve: decision.approve, ...(reason ? { reason } : {}) }, { onSuccess: () => setDecision(null) })}
        />
      ) : null}
    </Stack>
  );
}
