import { useState } from 'react';
import { Alert, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { brusselsDate } from '@mandate/domain/dates';
import type { TariffPlan } from '@mandate/contracts/catalogue';
import { DateField } from '../../../components/date-field.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { ListTable } from '../../../components/list-table.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useCataloguePlans, useWithdrawPlan } from '../api/tariff-plans-api.ts';
import { useBackofficeI18n } from '../i18n/backoffice-i18n.ts';
import { Dialog } from '../../../components/dialog.tsx';

/**
 * MOB-11: the operator's tariff plans, and withdrawing one. A withdrawn plan is chosen no more from
 * its date; its subscribers can switch until the last switch date, and the Access Owners of the
 * customers with lines on it are mailed. Withdrawal cannot be undone, so it is confirmed with both dates shown.
 */
export function TariffPlanCatalogue() {
  const { tb, locale, eur } = useBackofficeI18n();
  const query = useCataloguePlans();
  const [withdrawing, setWithdrawing] = useState<TariffPlan | null>(null);
  const [done, setDone] = useState<{ plan: string; customers: number } | null>(null);
  const data = (mb: number | null) => (mb === null ? tb('bo.plans.unlimited') : tb('bo.plans.dataGb', { gb: (mb / 1024).toLocaleString(locale, { maximumFractionDigits: 1 }) }));

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">{tb('bo.plans.intro')}</Text>
      {done ? (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setDone(null)} data-testid="bo-plan-withdrawn">
          {tb('bo.plans.withdrawn', { plan: done.plan, customers: done.customers })}
        </Alert>
      ) : null}
      <ListStates query={query} empty={<Text c="dimmed">{tb('bo.plans.empty')}</Text>}>
        {(items) => (
          <ListTable
            label={tb('bo.plans.label')}
            testId="bo-tariff-plans"
            minWidth={760}
            columns={[tb('bo.plans.plan'), tb('bo.plans.fee'), tb('bo.plans.data'), tb('bo.plans.status'), tb('bo.fm.actions')]}
          >
            {items.map((p) => (
              <Table.Tr key={p.id} data-testid={`bo-plan-${p.code}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>{p.name}</Text>
                  <Text size="xs" c="dimmed">{p.code}</Text>
                </Table.Td>
                <Table.Td><Text size="sm">{eur(p.monthlyFeeCents)}</Text></Table.Td>
                <Table.Td><Text size="sm">{data(p.allowances.dataMb)}</Text></Table.Td>
                <Table.Td>
                  {p.withdrawnAt ? (
                    <>
                      <Badge variant="light" color="gray" tt="none" data-testid="bo-plan-status">{tb('bo.plans.withdrawnFrom', { date: formatDate(p.withdrawnAt, locale) })}</Badge>
                      {p.lastSwitchOn ? <Text size="xs" c="dimmed">{tb('bo.plans.switchUntil', { date: formatDate(p.lastSwitchOn, locale) })}</Text> : null}
                    </>
                  ) : (
                    <Badge variant="light" color="green" tt="none" data-testid="bo-plan-status">{tb('bo.plans.offered')}</Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {p.withdrawnAt ? null : (
                    <Button size="xs" color="red" variant="light" onClick={() => setWithdrawing(p)} aria-label={tb('bo.plans.withdrawOf', { plan: p.name })} data-testid={`bo-plan-withdraw-${p.code}`}>
                      {tb('bo.plans.withdraw')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </ListStates>
      {withdrawing ? (
        <WithdrawModal
          plan={withdrawing}
          onClose={() => setWithdrawing(null)}
          onDone={(customers) => {
            setDone({ plan: withdrawing.name, customers });
            setWithdrawing(null);
          }}
        />
      ) : null}
    </Stack>
  );
}

function WithdrawModal({ plan, onClose, onDone }: { plan: TariffPlan; onClose: () => void; onDone: (customers: number) => void }) {
  const { tb, t, locale } = useBackofficeI18n();
  const mutation = useWithdrawPlan();
  const today = brusselsDate(new Date());
  const [withdrawnAt, setWithdrawnAt] = useState(today);
  const [lastSwitchOn, setLastSwitchOn] = useState('');
  const [errors, setErrors] = useState<{ withdrawnAt?: string; lastSwitchOn?: string }>({});

  const submit = () => {
    const found: typeof errors = {};
    if (!withdrawnAt) found.withdrawnAt = t('form.required');
    else if (withdrawnAt < today) found.withdrawnAt = tb('bo.plans.problem.past');
    if (!lastSwitchOn) found.lastSwitchOn = t('form.required');
    else if (withdrawnAt && lastSwitchOn < withdrawnAt) found.lastSwitchOn = tb('bo.plans.problem.beforeWithdrawal');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    mutation.mutate({ id: plan.id, withdrawnAt, lastSwitchOn }, { onSuccess: (result) => onDone(result.customersTold) });
  };

  return (
    <Dialog opened onClose={onClose} title={tb('bo.plans.withdrawTitle', { plan: plan.name })} centered>
      <form noValidate onSubmit={(event) => { event.preventDefault(); submit(); }}>
        <Stack gap="md">
          <Text size="sm">{tb('bo.plans.withdrawText')}</Text>
          <DateField label={tb('bo.plans.withdrawnAt')} value={withdrawnAt} onChange={setWithdrawnAt} minDate={today} required error={errors.withdrawnAt} testId="bo-plan-withdrawn-at" />
          <DateField label={tb('bo.plans.lastSwitchOn')} value={lastSwitchOn} onChange={setLastSwitchOn} minDate={withdrawnAt || today} required error={errors.lastSwitchOn} testId="bo-plan-last-switch" />
          {withdrawnAt && lastSwitchOn && lastSwitchOn >= withdrawnAt ? (
            <Text size="sm" c="dimmed">{tb('bo.plans.summary', { from: formatDate(withdrawnAt, locale), until: formatDate(lastSwitchOn, locale) })}</Text>
          ) : null}
          {mutation.error ? <ProblemAlert error={mutation.error} testId="bo-plan-withdraw-error" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus data-testid="bo-plan-withdraw-cancel">{t('common.cancel')}</Button>
            <Button type="submit" color="red" loading={mutation.isPending} data-testid="confirm-bo-plan-withdraw">{tb('bo.plans.withdraw')}</Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
