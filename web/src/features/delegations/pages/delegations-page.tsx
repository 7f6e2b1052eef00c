import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, MultiSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { subject } from '@casl/ability';
import { DelegationProposeBody, type Delegation } from '@mandate/contracts/delegations';
import { addDays, addMonths, brusselsDate } from '@mandate/domain/dates';
import { APP_ACTIONS, type GrantableAction } from '@mandate/authz/subjects';
import { isValidEnterpriseNumber } from '@mandate/domain/enterprise-number';
import type { App } from '@mandate/domain/profiles';
import { ListStates } from '../../../components/list-states.tsx';
import { NotAvailable } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useMe } from '../../../lib/auth.tsx';
import { displayEnterpriseNumber, formatDate, fullName, withColon } from '../../../lib/format.ts';
import { useI18n, type Translate } from '../../../lib/i18n/i18n.tsx';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { DateField } from '../../../components/date-field.tsx';
import { Page } from '../../../components/page-header.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { useUsers } from '../../users/api/users-api.ts';
import {
  useDelegationAction, useDelegationScopeOptions, useDelegations, useProposeDelegation, useSetDelegationUsers, type DelegationAction,
} from '../api/delegations-api.ts';
import { KeysetPager, useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { Dialog } from '../../../components/dialog.tsx';

const STATUS_COLOR: Record<Delegation['status'], string> = {
  pending_operator: 'yellow', pending_partner: 'orange', active: 'green', refused: 'red', declined: 'red', revoked: 'gray', ended: 'gray', expired: 'gray',
};
const OPEN = ['pending_operator', 'pending_partner', 'active'];

/** /customers/:customerId/delegations — the guard: the user-management app and the ability to read delegations. */
export function DelegationsRoute() {
  const { customer, apps, ability } = useCustomerContext();
  if (!customer || !apps.includes('user-management') || !ability.can('read', subject('Delegation', { customerId: customer.id, partnerId: customer.id }))) {
    return <NotAvailable />;
  }
  return <DelegationsPage key={customer.id} customerId={customer.id} customerName={customer.name} />;
}

/** The scope by name: the billing accounts by number, the cost centres by name; nothing named is all the customer's data. */
function ScopeCell({ delegation: d }: { delegation: Delegation }) {
  const { t, locale } = useI18n();
  if (d.billingAccountIds.length + d.costCentreIds.length === 0) return <Text size="sm">{t('dlg.scopeAll')}</Text>;
  return (
    <Stack gap={2} data-testid="delegation-scope">
      {d.billingAccounts.length > 0 && (
        <Text size="sm">
          <Text span size="sm" fw={500}>{withColon(t('dlg.scopeAccounts'), locale)} </Text>
          {d.billingAccounts.map((b) => <Text span size="sm" key={b.id} title={b.name} style={{ whiteSpace: 'nowrap' }}>{b.number}</Text>)
            .flatMap((el, i) => (i === 0 ? [el] : [', ', el]))}
        </Text>
      )}
      {d.costCentres.length > 0 && (
        <Text size="sm">
          <Text span size="sm" fw={500}>{withColon(t('dlg.scopeCentres'), locale)} </Text>
          {d.costCentres.map((c) => c.name).join(', ')}
        </Text>
      )}
    </Stack>
  );
}

export function rightsLabel(t: Translate, locale: string, rights: Delegation['rights']): string {
  return rights.map((r) => `${withColon(t(`app.${r.app}` as 'app.invoices'), locale)} ${r.actions.map((a) => t(`dlg.action.${a}` as 'dlg.action.read')).join(', ')}`).join(' · ');
}

/** DLG-2..4: the delegations the customer gives (outgoing) and receives (incoming). */
export function DelegationsPage({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t } = useI18n();
  const { ability } = useCustomerContext();
  const [proposing, setProposing] = useState(false);
  const canPropose = ability.can('create', subject('Delegation', { customerId }));
  const canReadOutgoing = ability.can('read', subject('Delegation', { customerId, partnerId: '' }));

  return (
    <Page
      tabs
      title={t('dlg.title')}
      subtitle={t('dlg.subtitle', { customer: customerName })}
      customerName={customerName}
      actions={canPropose ? <Button onClick={() => setProposing(true)} data-testid="delegation-propose-open">{t('dlg.propose')}</Button> : null}
    >
      {canReadOutgoing && <DelegationSection customerId={customerId} direction="outgoing" />}
      <DelegationSection customerId={customerId} direction="incoming" />
      {canPropose && proposing && <ProposeModal customerId={customerId} onClose={() => setProposing(false)} />}
    </Page>
  );
}

interface PendingAction {
  delegation: Delegation;
  action: DelegationAction;
}

function DelegationSection({ customerId, direction }: { customerId: string; direction: 'outgoing' | 'incoming' }) {
  const { t, locale } = useI18n();
  const { ability } = useCustomerContext();
  const pagination = useKeysetPagination(direction);
  const query = useDelegations(customerId, direction, pagination.cursor);
  const action = useDelegationAction(customerId);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [assigning, setAssigning] = useState<Delegation | null>(null);

  const can = (verb: 'delete' | 'review' | 'update', d: Delegation) => ability.can(verb, subject('Delegation', { customerId: d.customerId, partnerId: d.partnerId }));
  const title = direction === 'outgoing' ? t('dlg.outgoing') : t('dlg.incoming');

  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Title order={2} size="h3">{title}</Title>
      <ListStates query={query} empty={<Text c="dimmed" data-testid={`delegations-${direction}-empty`}>{direction === 'outgoing' ? t('dlg.emptyOutgoing') : t('dlg.emptyIncoming')}</Text>}>
        {(items) => (
          <Table.ScrollContainer minWidth={900}>
            <Table striped data-testid={`delegations-${direction}`} aria-label={title}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{direction === 'outgoing' ? t('dlg.partner') : t('dlg.customer')}</Table.Th>
                  <Table.Th>{t('dlg.rights')}</Table.Th>
                  <Table.Th>{t('dlg.scope')}</Table.Th>
                  <Table.Th>{t('dlg.endDate')}</Table.Th>
                  <Table.Th>{t('dlg.status')}</Table.Th>
                  <Table.Th>{t('dlg.users')}</Table.Th>
                  <Table.Th>{t('dlg.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((d) => {
                  const other = direction === 'outgoing' ? [d.partnerName, d.partnerEnterpriseNumber] : [d.customerName, d.customerEnterpriseNumber];
                  return (
                    <Table.Tr key={d.id} data-testid={`delegation-row-${d.id}`}>
                      <Table.Td>
                        <Text size="sm" fw={500}>{other[0]}</Text>
                        <Text size="xs" c="dimmed">{displayEnterpriseNumber(other[1]!)}</Text>
                      </Table.Td>
                      <Table.Td><Text size="sm">{rightsLabel(t, locale, d.rights)}</Text></Table.Td>
                      <Table.Td><ScopeCell delegation={d} /></Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}><Text size="sm">{formatDate(d.endDate, locale)}</Text></Table.Td>
                      <Table.Td>
                        {/* The whole status, never cut to "Wacht…": the label keeps its width and the wordier columns wrap instead. */}
                        <Badge
                          color={STATUS_COLOR[d.status]}
                          variant="light"
                          tt="none"
                          styles={{ root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible', textOverflow: 'clip' } }}
                          data-testid="delegation-status"
                        >
                          {t(`dlg.status.${d.status}`)}
                        </Badge>
                        {d.reason && <Text size="xs" c="dimmed">{d.reason}</Text>}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{d.users.length === 0 ? t('common.none') : d.users.map((u) => fullName(u)).join(', ')}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {direction === 'outgoing' && OPEN.includes(d.status) && can('delete', d) && (
                            <Button size="xs" color="red" variant="light" onClick={() => setPending({ delegation: d, action: 'revoke' })} data-testid="delegation-revoke">
                              {t('dlg.revoke')}
                            </Button>
                          )}
                          {direction === 'incoming' && d.status === 'pending_partner' && can('review', d) && (
                            <Button size="xs" onClick={() => setPending({ delegation: d, action: 'accept' })} data-testid="delegation-accept">{t('dlg.accept')}</Button>
                          )}
                          {direction === 'incoming' && (d.status === 'pending_partner' || d.status === 'pending_operator') && can('review', d) && (
                            <Button size="xs" color="red" variant="light" onClick={() => setPending({ delegation: d, action: 'decline' })} data-testid="delegation-decline">
                              {t('dlg.decline')}
                            </Button>
                          )}
                          {direction === 'incoming' && d.status === 'active' && can('review', d) && (
                            <Button size="xs" color="red" variant="light" onClick={() => setPending({ delegation: d, action: 'end' })} data-testid="delegation-end">
                              {t('dlg.end')}
                            </Button>
                          )}
                          {direction === 'incoming' && (d.status === 'pending_partner' || d.status === 'active') && can('update', d) && (
                            <Button size="xs" variant="default" onClick={() => setAssigning(d)} data-testid="delegation-assign">{t('dlg.assign')}</Button>
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
      <KeysetPager pagination={pagination} nextCursor={query.data?.nextCursor} />
      {pending && (
        <ConfirmModal
          title={t(`dlg.confirm.${pending.action}.title`)}
          text={t(`dlg.confirm.${pending.action}.text`, {
            partner: pending.delegation.partnerName, customer: pending.delegation.customerName,
          })}
          confirmLabel={t(`dlg.${pending.action}`)}
          reason={pending.action === 'decline' || pending.action === 'end' ? 'optional' : 'none'}
          danger={pending.action !== 'accept'}
          loading={action.isPending}
          error={action.error}
          testId={`delegation-${pending.action}`}
          onClose={() => {
            setPending(null);
            action.reset();
          }}
          onConfirm={(reason) =>
            action.mutate({ id: pending.delegation.id, action: pending.action, ...(reason ? { reason } : {}) }, { onSuccess: () => setPending(null) })}
        />
      )}
      {assigning && <AssignUsersModal customerId={customerId} delegation={assigning} onClose={() => setAssigning(null)} />}
    </Stack>
  );
}

/** DLG-4: the partner's AO or AM picks which of its own users exercise the delegation. */
function AssignUsersModal({ customerId, delegation, onClose }: { customerId: string; delegation: Delegation; onClose: () => void }) {
  const { t } = useI18n();
  const me = useMe().data?.user;
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const users = useUsers(customerId, { limit: 50, sort: 'name:asc', cursor: null, status: 'active', ...(q ? { q } : {}) });
  const [selected, setSelected] = useState<string[]>(delegation.users.map((u) => u.userId));
  const mutation = useSetDelegationUsers(customerId);
  // The one choosing comes first: he acts for the customer himself only once he is among the chosen users.
  const known = useMemo(() => {
    const map = new Map<string, string>();
    if (me) map.set(me.id, `${fullName(me)} (${me.email}) ${t('dlg.you')}`);
    for (const u of delegation.users) if (!map.has(u.userId)) map.set(u.userId, `${fullName(u)} (${u.email})`);
    for (const u of users.data?.items ?? []) if (!map.has(u.id)) map.set(u.id, `${fullName(u)} (${u.email})`);
    return map;
  }, [delegation.users, users.data, me, t]);
  const data = [...known.entries()].map(([value, label]) => ({ value, label }));
  const meChosen = me !== undefined && selected.includes(me.id);

  return (
    <Dialog opened onClose={onClose} title={t('dlg.assignTitle', { customer: delegation.customerName })} centered size="lg">
      <Stack gap="md">
        <Text size="sm">{t('dlg.assignHelp')}</Text>
        {me && !meChosen && (
          <Alert color="blue" variant="light" data-testid="delegation-assign-self-hint">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('dlg.assignSelfHint', { customer: delegation.customerName })}</Text>
              <Button size="xs" variant="light" onClick={() => setSelected([me.id, ...selected])} data-testid="delegation-assign-self">
                {t('dlg.assignSelf')}
              </Button>
            </Stack>
          </Alert>
        )}
        <MultiSelect
          label={t('dlg.users')}
          data={data}
          value={selected}
          onChange={setSelected}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          nothingFoundMessage={users.isFetching ? t('common.loading') : t('users.empty')}
          clearable
          data-testid="delegation-assign-select"
        />
        <ProblemAlert error={mutation.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            loading={mutation.isPending}
            onClick={() => mutation.mutate({ id: delegation.id, userIds: selected }, { onSuccess: onClose })}
            data-testid="delegation-assign-save"
          >
            {t('dlg.save')}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}

/** DLG-2: only an AO proposes — partner, apps and actions, scope and a mandatory end date (≤ 2 years). */
function ProposeModal({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useI18n();
  const { customer } = useCustomerContext();
  const apps = (customer?.apps ?? []) as App[];
  const options = useDelegationScopeOptions(customerId, true);
  const mutation = useProposeDelegation(customerId);
  const today = brusselsDate(new Date());
  const min = addDays(today, 1);
  const max = addMonths(today, 24);
  const toBody = (values: typeof initialValues): DelegationProposeBody => ({
    partnerEnterpriseNumber: values.partner,
    rights: (Object.entries(values.rights) as Array<[App, GrantableAction[]]>).filter(([, actions]) => actions.length > 0).map(([app, actions]) => ({ app, actions })),
    billingAccountIds: values.accounts,
    costCentreIds: values.centres,
    endDate: values.endDate,
  });
  const initialValues = { partner: '', rights: {} as Partial<Record<App, GrantableAction[]>>, accounts: [] as string[], centres: [] as string[], endDate: '' };
  const form = useSchemaForm({
    initialValues,
    schema: DelegationProposeBody,
    toBody,
    refine: (values) => ({
      partner: !isValidEnterpriseNumber(values.partner) && t('aff.invalidNumber'),
      rights: toBody(values).rights.length === 0 && t('dlg.rightsRequired'),
      endDate: values.endDate === '' ? t('dlg.endDateRequired') : (values.endDate < min || values.endDate > max) && t('dlg.endDateRange'),
    }),
  });
  const errors = form.errors;
  const rights = form.getValues().rights;

  return (
    <Dialog opened onClose={onClose} title={t('dlg.proposeTitle')} centered size="xl">
      <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(toBody(values), { onSuccess: onClose }))}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">{t('dlg.proposeHelp')}</Text>
          <TextInput
            label={t('dlg.partnerNumber')}
            placeholder="0403.170.701"
            required
            {...form.getInputProps('partner')}
            data-autofocus
            data-testid="delegation-partner"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>{t('dlg.rights')}</Text>
            {apps.map((app) => (
              <Checkbox.Group
                key={app}
                label={t(`app.${app}` as 'app.invoices')}
                value={rights[app] ?? []}
                onChange={(value) => form.setFieldValue('rights', { ...rights, [app]: value as GrantableAction[] })}
                data-testid={`delegation-app-${app}`}
              >
                <Group gap="md" mt={4}>
                  {APP_ACTIONS[app].map((a) => (
                    <Checkbox key={a} value={a} label={t(`dlg.action.${a}` as 'dlg.action.read')} data-testid={`delegation-right-${app}-${a}`} />
                  ))}
                </Group>
              </Checkbox.Group>
            ))}
            {errors.rights ? <Text c="red" size="sm" role="alert">{errors.rights}</Text> : null}
          </Stack>
          <Group grow align="flex-start">
            <MultiSelect
              label={t('dlg.scopeAccounts')}
              description={t('dlg.scopeHelp')}
              data={(options.data?.billingAccounts ?? []).map((b) => ({ value: b.id, label: `${b.number} · ${b.name}` }))}
              {...form.getInputProps('accounts')}
              searchable
              clearable
              disabled={options.isPending}
              data-testid="delegation-scope-accounts"
            />
            <MultiSelect
              label={t('dlg.scopeCentres')}
              description={t('dlg.scopeHelp')}
              data={(options.data?.costCentres ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }))}
              {...form.getInputProps('centres')}
              searchable
              clearable
              disabled={options.isPending}
              data-testid="delegation-scope-centres"
            />
          </Group>
          <DateField
            label={t('dlg.endDate')}
            description={t('dlg.endDateHelp')}
            minDate={min}
            maxDate={max}
            required
            {...form.getInputProps('endDate')}
            w={220}
            testId="delegation-end-date"
          />
          <ProblemAlert error={mutation.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={mutation.isPending} data-testid="delegation-propose">{t('dlg.proposeSubmit')}</Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
