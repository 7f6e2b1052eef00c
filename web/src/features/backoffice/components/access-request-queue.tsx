import { Badge, Table, Text } from '@mantine/core';
import { CompanyCell } from '../../../components/list-table.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useInsightsI18n } from '../../insights/i18n/index.ts';
import { useAccessRequestDecision, useAccessRequestQueue, type OperatorAccessRequest } from '../api/access-requests-api.ts';
import { DECISION_COLOURS, DecisionQueue, queueStatus } from './decision-queue.tsx';

/**
 * The access requests of customers for a billing account created after an app was activated
 * (INS-1, PFM-2): operator staff approve or refuse each, after a confirmation (a refusal with its reason).
 */
export function AccessRequestQueue({ status, onStatus }: { status: string; onStatus: (status: string) => void }) {
  const { t, ti, locale } = useInsightsI18n();
  const query = useAccessRequestQueue(queueStatus(status));
  const mutation = useAccessRequestDecision();
  const account = (r: OperatorAccessRequest) => (r.billingAccount.name ? `${r.billingAccount.number} · ${r.billingAccount.name}` : r.billingAccount.number);
  const what = (r: OperatorAccessRequest) => ({ customer: r.customerName, account: account(r), app: t(`app.${r.app}`) });

  return (
    <DecisionQueue
      filter={status}
      onFilter={onStatus}
      query={query}
      testId="access-request"
      empty={ti('insights.bo.empty')}
      label={ti('insights.bo.tab')}
      minWidth={820}
      columns={[ti('insights.bo.customer'), ti('insights.bo.app'), ti('insights.bo.account'), ti('insights.bo.requested'), ti('insights.bo.status'), ti('insights.bo.actions')]}
      cells={(r) => (
        <>
          <Table.Td><CompanyCell name={r.customerName} /></Table.Td>
          <Table.Td><Text size="sm">{t(`app.${r.app}`)}</Text></Table.Td>
          <Table.Td><Text size="sm">{account(r)}</Text></Table.Td>
          <Table.Td>
            <Text size="sm">{formatDate(r.requestedAt, locale)}</Text>
            {r.requestedBy ? <Text size="xs" c="dimmed">{r.requestedBy.name}</Text> : null}
          </Table.Td>
          <Table.Td>
            <Badge variant="light" color={DECISION_COLOURS[r.status]} tt="none">{ti(`insights.status.${r.status}`)}</Badge>
            {r.reason ? <Text size="xs" c="dimmed">{r.reason}</Text> : null}
          </Table.Td>
        </>
      )}
      confirmText={({ request, approve }) => ti(approve ? 'insights.bo.approveText' : 'insights.bo.refuseText', what(request))}
      decide={mutation}
      body={({ request, approve }, reason) => ({ id: request.id, approve, ...(reason ? { reason } : {}) })}
    />
  );
}
