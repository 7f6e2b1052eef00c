import { useState } from 'react';
import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { subject } from '@casl/ability';
import { AffiliateRequestBody, type AffiliateLink } from '@mandate/contracts/delegations';
import { CONTROL_BASES, type ControlBasis } from '@mandate/domain/profiles';
import { isValidEnterpriseNumber } from '@mandate/domain/enterprise-number';
import { ListStates } from '../../../components/list-states.tsx';
import { NotAvailable } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { CompanyCell, ListTable } from '../../../components/list-table.tsx';
import { Page } from '../../../components/page-header.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { useAffiliates, useRequestAffiliate } from '../api/delegations-api.ts';

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
  const query = useAffiliates(customerId);
  const canRequest = ability.can('create', subject('Affiliate', { customerId }));

  return (
    <Page tabs title={t('aff.title')} subtitle={t('aff.subtitle', { customer: customerName })} customerName={customerName}>
      <ListStates query={query} empty={<Text c="dimmed" data-testid="affiliates-empty">{t('aff.empty')}</Text>}>
        {(items) => (
          <ListTable
            label={t('aff.title')}
            testId="affiliates-table"
            minWidth={640}
            columns={[t('aff.company'), t('aff.basis'), t('aff.status'), t('aff.requestedAt'), t('dlg.reason')]}
          >
                {items.map((a) => (
                  <Table.Tr key={a.id} data-testid={`affiliate-row-${a.id}`}>
                    <Table.Td><CompanyCell name={a.affiliateName} enterpriseNumber={a.affiliateEnterpriseNumber} /></Table.Td>
                    <Table.Td><Text size="sm">{t(`aff.basis.${a.basis}`)}</Text></Table.Td>
                    <Table.Td><Badge color={STATUS_COLOR[a.status]} variant="light" tt="none">{t(`aff.status.${a.status}`)}</Badge></Table.Td>
                    <Table.Td><Text size="sm">{formatDate(a.requestedAt, locale)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{a.reason ?? t('common.none')}</Text></Table.Td>
                  </Table.Tr>
                ))}
          </ListTable>
        )}
      </ListStates>
      {canRequest && <AffiliateRequestForm customerId={customerId} />}
    </Page>
  );
}

function AffiliateRequestForm({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const mutation = useRequestAffiliate(customerId);
  const [done, setDone] = useState<string | null>(null);
  const form = useSchemaForm({
    initialValues: { enterpriseNumber: '', basis: null as ControlBasis | null },
    schema: AffiliateRequestBody,
    toBody: (values) => ({ enterpriseNumber: values.enterpriseNumber, basis: values.basis }),
    refine: (values) => ({ enterpriseNumber: !isValidEnterpriseNumber(values.enterpriseNumber) && t('aff.invalidNumber') }),
  });

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="affiliate-request-title">
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setDone(null);
          if (!values.basis) return;
          mutation.mutate({ enterpriseNumber: values.enterpriseNumber, basis: values.basis }, {
            onSuccess: (link) => {
              setDone(t('aff.requested', { company: link.affiliateName }));
              form.reset();
            },
          });
        })}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="affiliate-request-title">{t('aff.requestTitle')}</Title>
          <Text size="sm" c="dimmed">{t('aff.requestHelp')}</Text>
          <Group align="flex-start" grow>
            <TextInput
              label={t('aff.enterpriseNumber')}
              placeholder="0403.170.701"
              required
              {...form.getInputProps('enterpriseNumber')}
              data-testid="affiliate-number"
            />
            <Select
              label={t('aff.basis')}
              data={CONTROL_BASES.map((b) => ({ value: b, label: t(`aff.basis.${b}`) }))}
              required
              {...form.getInputProps('basis')}
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
