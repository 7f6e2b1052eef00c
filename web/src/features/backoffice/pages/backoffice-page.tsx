import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, SegmentedControl, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { OperatorCustomer } from '@mandate/contracts/delegations';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { CompanyCell, ListTable } from '../../../components/list-table.tsx';
import { Page } from '../../../components/page-header.tsx';
import { NotAvailable } from '../../../components/status-page.tsx';
import { canUseBackoffice } from '../../../lib/ability.ts';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { displayEnterpriseNumber, formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { rightsLabel } from '../../delegations/pages/delegations-page.tsx';
import { FLEET_MANAGER_MINIMUM_SIMS } from '@mandate/contracts/fleet-activation';
import { useInsightsI18n } from '../../insights/i18n/index.ts';
import { AccessRequestQueue } from '../components/access-request-queue.tsx';
import { EndContractModal } from '../components/end-contract-modal.tsx';
import { FleetActivationQueue } from '../components/fleet-activation-queue.tsx';
import { SimOrderQueue } from '../components/sim-order-queue.tsx';
import { TariffPlanCatalogue } from '../components/tariff-plans.tsx';
import { useEndFleetManager } from '../api/fleet-activations-api.ts';
import { useBackofficeI18n } from '../i18n/backoffice-i18n.ts';
import { useOperatorDecision, useOperatorSearch, useQueue, useSuspension, type QueueKind, type SearchKind } from '../api/backoffice-api.ts';
import { DisputesTabLabel, OperatorDisputes } from './operator-disputes.tsx';

const TABS = ['delegations', 'affiliates', 'access-requests', 'fleet-manager', 'tariff-plans', 'suspension', 'disputes', 'sim-orders'] as const;
/** The tab, the queue's status (and kind) filter and the search live in the URL. */
const VIEW = { tab: 'delegations', status: '', kind: '', q: '' } as const;

/** /backoffice: operators only. */
export function BackofficeRoute() {
  const { ability } = useCustomerContext();
  if (!canUseBackoffice(ability)) return <NotAvailable />;
  return <BackofficePage />;
}

/** The operator's work: the queues, suspension of a customer or a user, ending Fleet Manager for a customer, and the end of a customer's contract. */
export function BackofficePage() {
  const { t } = useI18n();
  const { ti } = useInsightsI18n();
  const { tb } = useBackofficeI18n();
  const [view, setView] = useUrlState(VIEW);
  const tab = oneOf(view.tab, TABS) ?? 'delegations';
  return (
    <Page title={t('backoffice.title')} subtitle={t('backoffice.description')} testId="backoffice">
      <Tabs value={tab} onChange={(value) => setView({ tab: value, status: null, kind: null, q: null })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="delegations" data-testid="bo-tab-delegations">{t('bo.delegations')}</Tabs.Tab>
          <Tabs.Tab value="affiliates" data-testid="bo-tab-affiliates">{t('bo.affiliates')}</Tabs.Tab>
          <Tabs.Tab value="access-requests" data-testid="bo-tab-access-requests">{ti('insights.bo.tab')}</Tabs.Tab>
          <Tabs.Tab value="fleet-manager" data-testid="bo-tab-fleet-manager">{tb('bo.fm.tab')}</Tabs.Tab>
          <Tabs.Tab value="tariff-plans" data-testid="bo-tab-tariff-plans">{tb('bo.plans.tab')}</Tabs.Tab>
          <Tabs.Tab value="suspension" data-testid="bo-tab-suspension">{t('bo.suspension')}</Tabs.Tab>
          <Tabs.Tab value="disputes" data-testid="bo-tab-disputes"><DisputesTabLabel /></Tabs.Tab>
          <Tabs.Tab value="sim-orders" data-testid="bo-tab-sim-orders">{tb('bo.mob.tab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="delegations" pt="md"><DelegationQueue status={view.status} onStatus={(status) => setView({ status })} /></Tabs.Panel>
        <Tabs.Panel value="affiliates" pt="md"><AffiliateQueue status={view.status} onStatus={(status) => setView({ status })} /></Tabs.Panel>
        <Tabs.Panel value="access-requests" pt="md"><AccessRequestQueue status={view.status} onStatus={(status) => setView({ status })} /></Tabs.Panel>
        <Tabs.Panel value="fleet-manager" pt="md"><FleetActivationQueue status={view.status} onStatus={(status) => setView({ status })} /></Tabs.Panel>
        <Tabs.Panel value="tariff-plans" pt="md"><TariffPlanCatalogue /></Tabs.Panel>
        <Tabs.Panel value="suspension" pt="md"><SuspensionPanel q={view.q} onSearch={(q) => setView({ q })} /></Tabs.Panel>
        <Tabs.Panel value="disputes" pt="md"><OperatorDisputes status={view.status} onStatus={(status) => setView({ status })} /></Tabs.Panel>
        <Tabs.Panel value="sim-orders" pt="md"><SimOrderQueue status={view.status} kind={view.kind} onFilter={(filter) => setView(filter)} /></Tabs.Panel>
      </Tabs>
    </Page>
  );
}

interface Decision {
  kind: QueueKind;
  id: string;
  decision: 'approve' | 'refuse';
  label: string;
}

/** Approve or refuse a request of a queue: the confirmation (a refusal needs its reason) and the decision. */
function useDecisionModal() {
  const { t } = useI18n();
  const mutation = useOperatorDecision();
  const [decision, setDecision] = useState<Decision | null>(null);
  const modal = decision && (
    <ConfirmModal
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

interface QueueProps {
  /** The status filter from the URL ('' for the queue's default). */
  status: string;
  onStatus: (status: string) => void;
}

interface QueueViewProps<T extends { id: string }> {
  kind: QueueKind;
  query: Parameters<typeof ListStates<T>>[0]['query'];
  filter: ReactNode;
  columns: string[];
  minWidth: number;
  /** The cells of one request, and the decisions it is open to. */
  row: (item: T) => { label: string; cells: ReactNode; approve: boolean; refuse: boolean };
}

/** A queue of requests: its status filter, its table (or why it is empty), approve / refuse and their dialog. */
function QueueView<T extends { id: string }>({ kind, query, filter, columns, minWidth, row }: QueueViewProps<T>) {
  const { t } = useI18n();
  const { modal, open } = useDecisionModal();
  const name = kind === 'delegations' ? 'delegation' : 'affiliate';
  return (
    <Stack gap="sm">
      {filter}
      <ListStates query={query} empty={<Text c="dimmed" data-testid={`bo-${name}s-empty`}>{t('bo.empty')}</Text>}>
        {(items) => (
          <ListTable label={t(kind === 'delegations' ? 'bo.delegations' : 'bo.affiliates')} testId={`bo-${name}s`} minWidth={minWidth} columns={columns}>
            {items.map((item) => {
              const { label, cells, approve, refuse } = row(item);
              return (
                <Table.Tr key={item.id} data-testid={`bo-${name}-${item.id}`}>
                  {cells}
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {approve ? (
                        <Button size="xs" onClick={() => open({ kind, id: item.id, decision: 'approve', label })} data-testid={`${name}-approve-${item.id}`}>{t('bo.approve')}</Button>
                      ) : null}
                      {refuse ? (
                        <Button size="xs" color="red" variant="light" onClick={() => open({ kind, id: item.id, decision: 'refuse', label })} data-testid={`${name}-refuse-${item.id}`}>{t('bo.refuse')}</Button>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </ListTable>
        )}
      </ListStates>
      {modal}
    </Stack>
  );
}

function StatusFilter({ value, onChange, options }: { value: string; onChange: (v: string) => void; options: Array<{ value: string; label: string }> }) {
  return <SegmentedControl value={value} onChange={onChange} data={options} size="xs" data-testid="bo-status-filter" />;
}

function DelegationQueue({ status: raw, onStatus }: QueueProps) {
  const { t, locale } = useI18n();
  const status = oneOf(raw, ['pending_operator', 'active', 'all'] as const) ?? 'pending_operator';
  const query = useQueue('delegations', status === 'all' ? null : status);
  const options = [{ value: 'pending_operator', label: t('bo.toReview') }, { value: 'active', label: t('dlg.status.active') }, { value: 'all', label: t('bo.all') }];
  return (
    <QueueView
      kind="delegations"
      query={query}
      filter={<StatusFilter value={status} onChange={onStatus} options={options} />}
      minWidth={900}
      columns={[t('dlg.customer'), t('dlg.partner'), t('dlg.rights'), t('dlg.endDate'), t('dlg.status'), t('dlg.actions')]}
      row={(d) => ({
        label: `${d.customerName} → ${d.partnerName}`,
        approve: d.status === 'pending_operator',
        refuse: ['pending_operator', 'pending_partner', 'active'].includes(d.status),
        cells: (
          <>
            <Table.Td><CompanyCell name={d.customerName} enterpriseNumber={d.customerEnterpriseNumber} /></Table.Td>
            <Table.Td><CompanyCell name={d.partnerName} enterpriseNumber={d.partnerEnterpriseNumber} /></Table.Td>
            <Table.Td><Text size="sm">{rightsLabel(t, locale, d.rights)}</Text></Table.Td>
            <Table.Td><Text size="sm">{formatDate(d.endDate, locale)}</Text></Table.Td>
            <Table.Td><Badge variant="light" tt="none">{t(`dlg.status.${d.status}`)}</Badge></Table.Td>
          </>
        ),
      })}
    />
  );
}

function AffiliateQueue({ status: raw, onStatus }: QueueProps) {
  const { t, locale } = useI18n();
  const status = oneOf(raw, ['pending', 'all'] as const) ?? 'pending';
  const query = useQueue('affiliate-requests', status === 'all' ? null : status);
  const options = [{ value: 'pending', label: t('bo.toReview') }, { value: 'all', label: t('bo.all') }];
  return (
    <QueueView
      kind="affiliate-requests"
      query={query}
      filter={<StatusFilter value={status} onChange={onStatus} options={options} />}
      minWidth={800}
      columns={[t('dlg.customer'), t('aff.company'), t('aff.basis'), t('aff.requestedAt'), t('aff.status'), t('dlg.actions')]}
      row={(a) => ({
        label: `${a.customerName} → ${a.affiliateName}`,
        approve: a.status === 'pending',
        refuse: a.status === 'pending',
        cells: (
          <>
            <Table.Td><CompanyCell name={a.customerName} /></Table.Td>
            <Table.Td><CompanyCell name={a.affiliateName} enterpriseNumber={a.affiliateEnterpriseNumber} /></Table.Td>
            <Table.Td><Text size="sm">{t(`aff.basis.${a.basis}`)}</Text></Table.Td>
            <Table.Td><Text size="sm">{formatDate(a.requestedAt, locale)}</Text></Table.Td>
            <Table.Td><Badge variant="light" tt="none">{t(`aff.status.${a.status}`)}</Badge>{a.reason && <Text size="xs" c="dimmed">{a.reason}</Text>}</Table.Td>
          </>
        ),
      })}
    />
  );
}

interface Suspension {
  kind: SearchKind;
  id: string;
  action: 'suspend' | 'reactivate';
  label: string;
}

function SuspensionPanel({ q: initial, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const { t, locale } = useI18n();
  const [search, setSearch] = useState(initial);
  const [q] = useDebouncedValue(search.trim(), 300);
  const customers = useOperatorSearch('customers', q);
  const users = useOperatorSearch('users', q);
  const mutation = useSuspension();
  const [pending, setPending] = useState<Suspension | null>(null);
  const { tb, localise } = useBackofficeI18n();
  const endFleet = useEndFleetManager();
  const [ending, setEnding] = useState<{ id: string; name: string } | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const [endingContract, setEndingContract] = useState<{ id: string; name: string } | null>(null);
  const [contractEnded, setContractEnded] = useState<{ name: string; contractEnd: string } | null>(null);

  const actionButton = (kind: SearchKind, id: string, status: string, label: string) => {
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
    <Badge variant="dot" color={status === 'active' ? 'green' : status === 'suspended' ? 'red' : 'gray'} tt="none" data-testid="status-badge">
      {status === 'active' ? t('status.active') : status === 'suspended' ? t('status.suspended') : status}
    </Badge>
  );
  // A customer whose contract ended (RET-2) keeps only what the operator must know: when, and when its personal data goes.
  const customerStatus = (c: OperatorCustomer) => (c.status === 'terminated' ? (
    <>
      <Badge variant="dot" color="gray" tt="none" data-testid="status-badge">{tb('bo.contract.status.terminated')}</Badge>
      {c.contractEnd ? <Text size="xs" data-testid="customer-contract-end">{tb('bo.contract.endedOn', { date: formatDate(c.contractEnd, locale) })}</Text> : null}
      {c.personalDataErasedOn ? (
        <Text size="xs" c="dimmed" data-testid="customer-data-erased-on">{tb('bo.contract.erasedOn', { date: formatDate(c.personalDataErasedOn, locale) })}</Text>
      ) : null}
    </>
  ) : (
    <>
      {statusBadge(c.status)}
      {c.suspensionReason && <Text size="xs" c="dimmed">{c.suspensionReason}</Text>}
      {c.fleetManagerSims === null ? null : (
        <Text size="xs" c={c.fleetManagerSims < FLEET_MANAGER_MINIMUM_SIMS ? 'orange.8' : 'dimmed'} data-testid="customer-fleet-manager">
          {tb('bo.fm.active', { sims: c.fleetManagerSims })}
          {c.fleetManagerSims < FLEET_MANAGER_MINIMUM_SIMS ? ` — ${tb('bo.fm.belowMinimum', { minimum: FLEET_MANAGER_MINIMUM_SIMS })}` : null}
        </Text>
      )}
    </>
  ));

  return (
    <Stack gap="md">
      <TextInput
        label={t('bo.searchLabel')}
        placeholder={t('bo.searchPlaceholder')}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          onSearch(e.currentTarget.value.trim());
        }}
        data-testid="bo-search"
        maw={480}
      />
      {ended ? (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setEnded(null)} data-testid="fleet-manager-ended">
          {tb('bo.fm.ended', { customer: ended })}
        </Alert>
      ) : null}
      {contractEnded ? (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setContractEnded(null)} data-testid="contract-ended">
          {tb('bo.contract.ended', { customer: contractEnded.name, date: formatDate(contractEnded.contractEnd, locale) })}
        </Alert>
      ) : null}
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
                      <Table.Td>{customerStatus(c)}</Table.Td>
                      <Table.Td>
                        {c.status === 'terminated' ? null : (
                          <Group gap="xs" wrap="nowrap">
                            {actionButton('customers', c.id, c.status, c.name)}
                            {c.fleetManagerSims === null ? null : (
                              <Button
                                size="xs"
                                variant="default"
                                onClick={() => {
                                  setEnded(null);
                                  setEnding({ id: c.id, name: c.name });
                                }}
                                aria-label={tb('bo.fm.endOf', { customer: c.name })}
                                data-testid="customer-end-fleet-manager"
                              >
                                {tb('bo.fm.end')}
                              </Button>
                            )}
                            <Button
                              size="xs"
                              color="red"
                              variant="outline"
                              onClick={() => {
                                setContractEnded(null);
                                setEndingContract({ id: c.id, name: c.name });
                              }}
                              aria-label={tb('bo.contract.endOf', { customer: c.name })}
                              data-testid="customer-end-contract"
                            >
                              {tb('bo.contract.end')}
                            </Button>
                          </Group>
                        )}
                      </Table.Td>
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
        <ConfirmModal
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
      {ending && (
        <ConfirmModal
          title={tb('bo.fm.endTitle', { customer: ending.name })}
          text={tb('bo.fm.endText', { customer: ending.name, minimum: FLEET_MANAGER_MINIMUM_SIMS })}
          confirmLabel={tb('bo.fm.end')}
          danger
          loading={endFleet.isPending}
          error={localise(endFleet.error, {
            condition_holds: tb('bo.fm.problem.condition_holds', { customer: ending.name, minimum: FLEET_MANAGER_MINIMUM_SIMS }),
            not_active: tb('bo.fm.problem.not_active', { customer: ending.name }),
          })}
          testId="end-fleet-manager"
          onClose={() => {
            setEnding(null);
            endFleet.reset();
          }}
          onConfirm={() => endFleet.mutate(ending.id, {
            onSuccess: () => {
              setEnded(ending.name);
              setEnding(null);
            },
          })}
        />
      )}
      {endingContract && (
        <EndContractModal
          customer={endingContract}
          onClose={() => setEndingContract(null)}
          onDone={(contractEnd) => {
            setContractEnded({ name: endingContract.name, contractEnd });
            setEndingContract(null);
          }}
        />
      )}
    </Stack>
  );
}
