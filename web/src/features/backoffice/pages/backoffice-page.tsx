import { useState } from 'react';
import { Badge, Button, Group, SegmentedControl, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { ListStates } from '../../../components/list-states.tsx';
import { displayEnterpriseNumber, formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { ReasonConfirmModal } from '../../delegations/components/reason-confirm-modal.tsx';
import { rightsLabel } from '../../delegations/pages/delegations-page.tsx';
import { useAffiliateQueue, useCustomerSearch, useDelegationQueue, useOperatorDecision, useSuspension, useUserSearch } from '../api/backoffice-api.ts';

/** /backoffice — the operator's work (ACC-5, DLG-1/2): the two queues and suspension of a customer or a user. */
export function BackofficePage() {
  const { t } = useI18n();
  useDocumentTitle(`${t('backoffice.title')} · ${t('product.name')}`);
  return (
    <Stack gap="lg" data-testid="backoffice">
      <div>
        <Title order={1}>{t('backoffice.title')}</Title>
        <Text c="dimmed">{t('backoffice.description')}</Text>
      </div>
      <Tabs defaultValue="delegations" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="delegations" data-testid="bo-tab-delegations">{t('bo.delegations')}</Tabs.Tab>
          <Tabs.Tab value="affiliates" data-testid="bo-tab-affiliates">{t('bo.affiliates')}</Tabs.Tab>
          <Tabs.Tab value="suspension" data-testid="bo-tab-suspension">{t('bo.suspension')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="delegations" pt="md"><DelegationQueue /></Tabs.Panel>
        <Tabs.Panel value="affiliates" pt="md"><AffiliateQueue /></Tabs.Panel>
        <Tabs.Panel value="suspension" pt="md"><SuspensionPanel /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

interface Decision {
  kind: 'affiliate-requests' | 'delegations';
  id: string;
  decision: 'approve' | 'refuse';
  label: string;
}

function useDecisionModal() {
  const { t } = useI18n();
  const mutation = useOperatorDecision();
  const [decision, setDecision] = useState<Decision | null>(null);
  const modal = decision && (
    <ReasonConfirmModal
      opened
      title={t(decision.decision === 'approve' ? 'bo.approveTitle' : 'bo.refuseTitle')}
      text={t(decision.decision === 'approve' ? 'bo.approveText' : 'bo.refuseText', { what: decision.label })}
      confirmLabel={t(decision.decision === 'approve' ? 'bo.approve' : 'bo.refuse')}
      reason={decision.decision === 'refuse' ? 'required' : 'none'}
      danger={decision.decision === 'refuse'}
      loading={mutation.isPending}
      error={mutation.error}
      testId={`${decision.kind === 'delegations' ? 'delegation' : 'affiliate'}-${decision.decision}`}
      onClose={() => {
        setDecision(null);
        mutation.reset();
      }}
      onConfirm={(reason) => mutation.mutate({ ...decision, ...(reason ? { reason } : {}) }, { onSuccess: () => setDecision(null) })}
    />
  );
  return { modal, open: setDecision };
}

function StatusFilter({ value, onChange, options }: { value: string; onChange: (v: string) => void; options: Array<{ value: string; label: string }> }) {
  return <SegmentedControl value={value} onChange={onChange} data={options} size="xs" data-testid="bo-status-filter" />;
}

function DelegationQueue() {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState('pending_operator');
  const query = useDelegationQueue(status === 'all' ? null : status);
  const { modal, open } = useDecisionModal();
  return (
    <Stack gap="sm">
      <StatusFilter
        value={status}
        onChange={setStatus}
        options={[{ value: 'pending_operator', label: t('bo.toReview') }, { value: 'active', label: t('dlg.status.active') }, { value: 'all', label: t('bo.all') }]}
      />
      <ListStates query={query} empty={<Text c="dimmed" data-testid="bo-delegations-empty">{t('bo.empty')}</Text>}>
        {(items) => (
          <Table.ScrollContainer minWidth={900}>
            <Table striped data-testid="bo-delegations" aria-label={t('bo.delegations')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dlg.customer')}</Table.Th><Table.Th>{t('dlg.partner')}</Table.Th><Table.Th>{t('dlg.rights')}</Table.Th>
                  <Table.Th>{t('dlg.endDate')}</Table.Th><Table.Th>{t('dlg.status')}</Table.Th><Table.Th>{t('dlg.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((d) => {
                  const label = `${d.customerName} → ${d.partnerName}`;
                  return (
                    <Table.Tr key={d.id} data-testid={`bo-delegation-${d.id}`}>
                      <Table.Td><Text size="sm" fw={500}>{d.customerName}</Text><Text size="xs" c="dimmed">{displayEnterpriseNumber(d.customerEnterpriseNumber)}</Text></Table.Td>
                      <Table.Td><Text size="sm" fw={500}>{d.partnerName}</Text><Text size="xs" c="dimmed">{displayEnterpriseNumber(d.partnerEnterpriseNumber)}</Text></Table.Td>
                      <Table.Td><Text size="sm">{rightsLabel(t, d.rights)}</Text></Table.Td>
                      <Table.Td><Text size="sm">{formatDate(d.endDate, locale)}</Text></Table.Td>
                      <Table.Td><Badge variant="light" tt="none">{t(`dlg.status.${d.status}`)}</Badge></Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {d.status === 'pending_operator' && (
                            <Button size="xs" onClick={() => open({ kind: 'delegations', id: d.id, decision: 'approve', label })} data-testid={`delegation-approve-${d.id}`}>{t('bo.approve')}</Button>
                          )}
                          {['pending_operator', 'pending_partner', 'active'].includes(d.status) && (
                            <Button size="xs" color="red" variant="light" onClick={() => open({ kind: 'delegations', id: d.id, decision: 'refuse', label })} data-testid={`delegation-refuse-${d.id}`}>{t('bo.refuse')}</Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListStates>
      {modal}
    </Stack>
  );
}

function AffiliateQueue() {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState('pending');
  const query = useAffiliateQueue(status === 'all' ? null : status);
  const { modal, open } = useDecisionModal();
  return (
    <Stack gap="sm">
      <StatusFilter value={status} onChange={setStatus} options={[{ value: 'pending', label: t('bo.toReview') }, { value: 'all', label: t('bo.all') }]} />
      <ListStates query={query} empty={<Text c="dimmed" data-testid="bo-affiliates-empty">{t('bo.empty')}</Text>}>
        {(items) => (
          <Table.ScrollContainer minWidth={800}>
            <Table striped data-testid="bo-affiliates" aria-label={t('bo.affiliates')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dlg.customer')}</Table.Th><Table.Th>{t('aff.company')}</Table.Th><Table.Th>{t('aff.basis')}</Table.Th>
                  <Table.Th>{t('aff.requestedAt')}</Table.Th><Table.Th>{t('aff.status')}</Table.Th><Table.Th>{t('dlg.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => {
                  const label = `${a.customerName} → ${a.affiliateName}`;
                  return (
                    <Table.Tr key={a.id} data-testid={`bo-affiliate-${a.id}`}>
                      <Table.Td><Text size="sm" fw={500}>{a.customerName}</Text></Table.Td>
                      <Table.Td><Text size="sm" fw={500}>{a.affiliateName}</Text><Text size="xs" c="dimmed">{displayEnterpriseNumber(a.affiliateEnterpriseNumber)}</Text></Table.Td>
                      <Table.Td><Text size="sm">{t(`aff.basis.${a.basis}`)}</Text></Table.Td>
                      <Table.Td><Text size="sm">{formatDate(a.requestedAt, locale)}</Text></Table.Td>
                      <Table.Td><Badge variant="light" tt="none">{t(`aff.status.${a.status}`)}</Badge>{a.reason && <Text size="xs" c="dimmed">{a.reason}</Text>}</Table.Td>
                      <Table.Td>
                        {a.status === 'pending' && (
                          <Group gap="xs" wrap="nowrap">
                            <Button size="xs" onClick={() => open({ kind: 'affiliate-requests', id: a.id, decision: 'approve', label })} data-testid={`affiliate-approve-${a.id}`}>{t('bo.approve')}</Button>
                            <Button size="xs" color="red" variant="light" onClick={() => open({ kind: 'affiliate-requests', id: a.id, decision: 'refuse', label })} data-testid={`affiliate-refuse-${a.id}`}>{t('bo.refuse')}</Button>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListStates>
      {modal}
    </Stack>
  );
}

interface Suspension {
  kind: 'customers' | 'users';
  id: string;
  action: 'suspend' | 'reactivate';
  label: string;
}

function SuspensionPanel() {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const customers = useCustomerSearch(q);
  const users = useUserSearch(q);
  const mutation = useSuspension();
  const [pending, setPending] = useState<Suspension | null>(null);

  const actionButton = (kind: 'customers' | 'users', id: string, status: string, label: string) => {
    const action = status === 'suspended' ? 'reactivate' : status === 'active' ? 'suspend' : null;
    if (!action) return null;
    const testId = `${kind === 'customers' ? 'customer' : 'user'}-${action}`;
    return (
      <Button size="xs" color={action === 'suspend' ? 'red' : undefined} variant={action === 'suspend' ? 'light' : 'filled'} onClick={() => setPending({ kind, id, action, label })} data-testid={testId}>
        {t(action === 'suspend' ? 'bo.suspend' : 'bo.reactivate')}
      </Button>
    );
  };
  const statusBadge = (status: string) => (
    <Badge variant="dot" color={status === 'active' ? 'green' : status === 'suspended' ? 'red' : 'gray'} tt="none">
      {status === 'active' ? t('status.active') : status === 'suspended' ? t('status.suspended') : status}
    </Badge>
  );

  return (
    <Stack gap="md">
      <TextInput
        label={t('bo.searchLabel')}
        placeholder={t('bo.searchPlaceholder')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        data-testid="bo-search"
        maw={480}
      />
      {q.length < 2 ? <Text c="dimmed" size="sm">{t('bo.searchHint')}</Text> : (
        <>
          <Title order={2} size="h4">{t('bo.customers')}</Title>
          <ListStates query={customers} loaderSize="sm" noRetry empty={<Text c="dimmed" size="sm">{t('bo.noResults')}</Text>}>
            {(items) => (
              <Table striped data-testid="bo-customers" aria-label={t('bo.customers')}>
                <Table.Tbody>
                  {items.map((c) => (
                    <Table.Tr key={c.id} data-testid={`customer-row-${c.id}`}>
                      <Table.Td><Text size="sm" fw={500}>{c.name}</Text><Text size="xs" c="dimmed">{displayEnterpriseNumber(c.enterpriseNumber)} · {c.city}</Text></Table.Td>
                      <Table.Td>{statusBadge(c.status)}{c.suspensionReason && <Text size="xs" c="dimmed">{c.suspensionReason}</Text>}</Table.Td>
                      <Table.Td>{actionButton('customers', c.id, c.status, c.name)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </ListStates>
          <Title order={2} size="h4">{t('bo.users')}</Title>
          <ListStates query={users} loaderSize="sm" noRetry empty={<Text c="dimmed" size="sm">{t('bo.noResults')}</Text>}>
            {(items) => (
              <Table striped data-testid="bo-users" aria-label={t('bo.users')}>
                <Table.Tbody>
                  {items.map((u) => (
                    <Table.Tr key={u.id} data-testid={`user-row-${u.id}`}>
                      <Table.Td><Text size="sm" fw={500}>{`${u.firstName} ${u.lastName}`.trim() || u.email}</Text><Text size="xs" c="dimmed">{u.email}</Text></Table.Td>
                      <Table.Td><Text size="xs">{u.customers.map((c) => c.name).join(', ') || t('common.none')}</Text></Table.Td>
                      <Table.Td>{statusBadge(u.status)}{u.suspensionReason && <Text size="xs" c="dimmed">{u.suspensionReason}</Text>}</Table.Td>
                      <Table.Td>{actionButton('users', u.id, u.status, u.email)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </ListStates>
        </>
      )}
      {pending && (
        <ReasonConfirmModal
          opened
          title={t(pending.action === 'suspend' ? 'bo.suspendTitle' : 'bo.reactivateTitle', { what: pending.label })}
          text={t(pending.action === 'suspend' ? 'bo.suspendText' : 'bo.reactivateText', { what: pending.label })}
          confirmLabel={t(pending.action === 'suspend' ? 'bo.suspend' : 'bo.reactivate')}
          reason="required"
          danger={pending.action === 'suspend'}
          loading={mutation.isPending}
          error={mutation.error}
          testId={`${pending.kind === 'customers' ? 'customer' : 'user'}-${pending.action}`}
          onClose={() => {
            setPending(null);
            mutation.reset();
          }}
          onConfirm={(reason) => mutation.mutate({ ...pending, reason }, { onSuccess: () => setPending(null) })}
        />
      )}
    </Stack>
  );
}
