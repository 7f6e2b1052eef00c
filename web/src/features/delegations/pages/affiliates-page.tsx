import { useState } from 'react';
import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { subject } from '@casl/ability';
import type { AffiliateLink } from '@mandate/contracts/delegations';
import { CONTROL_BASES, type ControlBasis } from '@mandate/domain/profiles';
import { isValidEnterpriseNumber } from '@mandate/domain/enterprise-number';
import { ListStates } from '../../../components/list-states.tsx';
import { NotAvailable } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { displayEnterpriseNumber, formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { UserManagementTabs } from '../../users/components/user-management-tabs.tsx';
import { useAffiliates, useRequestAffiliate } from '../api/delegations-api.ts';
import { ProblemAlert } from '../components/problem-alert.tsx';

const STATUS_COLOR: Record<AffiliateLink['status'], string> = { pending: 'yellow', active: 'green', refused: 'red', ended: 'gray' };

/** /customers/:customerId/affiliates — the guard: the user-management app and the ability to read affiliates. */
export function AffiliatesRoute() {
  const { customer, apps, ability } = useCustomerContext();
  if (!customer || !apps.includes('user-management') || !ability.can('read', subject('Affiliate', { customerId: customer.id }))) return <NotAvailable />;
  return <AffiliatesPage key={customer.id} customerId={customer.id} customerName={customer.name} />;
}

/** DLG-1, ACC-2: the customer's affiliates with their basis of control, and a request for a further one. */
export function AffiliatesPage({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t, locale } = useI18n();
  const { ability } = useCustomerContext();
  useDocumentTitle(`${t('aff.title')} · ${customerName} · ${t('product.name')}`);
  const query = useAffiliates(customerId);
  const canRequest = ability.can('create', subject('Affiliate', { customerId }));

  return (
    <Stack gap="lg">
      <UserManagementTabs />
      <div>
        <Title order={1}>{t('aff.title')}</Title>
        <Text c="dimmed">{t('aff.subtitle', { customer: customerName })}</Text>
      </div>
      <ListStates query={query} empty={<Text c="dimmed" data-testid="affiliates-empty">{t('aff.empty')}</Text>}>
        {(items) => (
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover data-testid="affiliates-table" aria-label={t('aff.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('aff.company')}</Table.Th>
                  <Table.Th>{t('aff.basis')}</Table.Th>
                  <Table.Th>{t('aff.status')}</Table.Th>
                  <Table.Th>{t('aff.requestedAt')}</Table.Th>
                  <Table.Th>{t('dlg.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.id} data-testid={`affiliate-row-${a.id}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>{a.affiliateName}</Text>
                      <Text size="xs" c="dimmed">{displayEnterpriseNumber(a.affiliateEnterpriseNumber)}</Text>
                    </Table.Td>
                    <Table.Td><Text size="sm">{t(`aff.basis.${a.basis}`)}</Text></Table.Td>
                    <Table.Td><Badge color={STATUS_COLOR[a.status]} variant="light" tt="none">{t(`aff.status.${a.status}`)}</Badge></Table.Td>
                    <Table.Td><Text size="sm">{formatDate(a.requestedAt, locale)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{a.reason ?? t('common.none')}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListStates>
      {canRequest && <AffiliateRequestForm customerId={customerId} />}
    </Stack>
  );
}

function AffiliateRequestForm({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const mutation = useRequestAffiliate(customerId);
  const [number, setNumber] = useState('');
  const [basis, setBasis] = useState<ControlBasis | null>(null);
  const [touched, setTouched] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const numberError = touched && !isValidEnterpriseNumber(number) ? t('aff.invalidNumber') : undefined;
  const basisError = touched && !basis ? t('aff.basisRequired') : undefined;

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="affiliate-request-title">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          setDone(null);
          if (!isValidEnterpriseNumber(number) || !basis) return;
          mutation.mutate({ enterpriseNumber: number, basis }, {
            onSuccess: (link) => {
              setDone(t('aff.requested', { company: link.affiliateName }));
              setNumber('');
              setBasis(null);
              setTouched(false);
            },
          });
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="affiliate-request-title">{t('aff.requestTitle')}</Title>
          <Text size="sm" c="dimmed">{t('aff.requestHelp')}</Text>
          <Group align="flex-start" grow>
            <TextInput
              label={t('aff.enterpriseNumber')}
              placeholder="0403.170.701"
              value={number}
              onChange={(e) => setNumber(e.currentTarget.value)}
              error={numberError}
              required
              data-testid="affiliate-number"
            />
            <Select
              label={t('aff.basis')}
              data={CONTROL_BASES.map((b) => ({ value: b, label: t(`aff.basis.${b}`) }))}
              value={basis}
              onChange={(v) => setBasis(v as ControlBasis | null)}
              error={basisError}
              required
              data-testid="affiliate-basis"
            />
          </Group>
          <ProblemAlert error={mutation.error} />
          {done && <Text c="green" size="sm" role="status" data-testid="affiliate-requested">{done}</Text>}
          <Group justify="flex-end">
            <Button type="submit" loading={mutation.isPending} data-testid="affiliate-request">{t('aff.request')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
