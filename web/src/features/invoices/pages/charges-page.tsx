import { Loader, Select, Table, Text } from '@mantine/core';
import { brusselsDate } from '@mandate/domain/dates';
import { KeysetPager, useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { useUrlState } from '../../../lib/url-state.ts';
import { useCharges } from '../api/invoices-api.ts';
import type { ChargeRow } from '../api/invoices-types.ts';
import { pastMonths } from '../components/invoice-format.tsx';
import { InvoicesGuard, InvoicesPage } from '../components/invoices-shell.tsx';
import { useInvoicesI18n } from '../i18n/invoices-i18n.ts';
import type { InvoicesAccess } from '../invoices-access.ts';

/** Billed months only (an open period is never shown as billed, INV-2), over the 12 months kept. */
const MONTHS_KEPT = 12;

/** /customers/:customerId/invoices/charges */
export function ChargesRoute() {
  return (
    <InvoicesGuard needs="usage">
      {({ customer, access }) => <ChargesPage key={customer.id} customerId={customer.id} customerName={customer.name} access={access} />}
    </InvoicesGuard>
  );
}

interface SimCharges {
  key: string;
  msisdn: string;
  rows: ChargeRow[];
  totalCents: number;
}

function bySim(items: ChargeRow[], noSim: string): SimCharges[] {
  const groups = new Map<string, SimCharges>();
  for (const row of items) {
    const key = row.simId ?? '';
    const group = groups.get(key) ?? { key, msisdn: row.msisdn ?? noSim, rows: [], totalCents: 0 };
    group.rows.push(row);
    group.totalCents += row.amountCents;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** What each line the user may see cost in a billed month, per type of charge (a Service User: his own line, ROLE-5). */
export function ChargesPage({ customerId, customerName, access }: { customerId: string; customerName: string; access: InvoicesAccess }) {
  const { t, ti, eur, month: monthName } = useInvoicesI18n();
  const months = pastMonths(brusselsDate(new Date()), MONTHS_KEPT);
  const [view, setView] = useUrlState({ month: months[0]! });
  const month = months.includes(view.month) ? view.month : months[0]!;
  const pagination = useKeysetPagination(`${customerId}/${month}`);
  const query = useCharges(customerId, month, pagination.cursor);
  return (
    <InvoicesPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      title={ti('invoices.charges.title')}
      subtitle={ti('invoices.charges.subtitle')}
      caveat
      testId="charges-page"
    >
      <Select
        label={ti('invoices.charges.month')}
        data={months.map((m) => ({ value: m, label: monthName(m) }))}
        value={month}
        onChange={(value) => setView({ month: value })}
        allowDeselect={false}
        w={{ base: '100%', sm: 240 }}
        data-testid="charges-month"
      />
      {query.isFetching && !query.isPending ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
      <ListStates query={query} empty={<Text c="dimmed" data-testid="charges-empty">{ti('invoices.charges.empty')}</Text>}>
        {(items) => {
          const groups = bySim(items, ti('invoices.detail.noSim'));
          const total = groups.reduce((sum, g) => sum + g.totalCents, 0);
          return (
            <Table.ScrollContainer minWidth={480} className="mandate-stacked-table">
              <Table aria-label={ti('invoices.charges.tableLabel', { month: monthName(month) })} data-testid="charges-table" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{ti('invoices.line.msisdn')}</Table.Th>
                    <Table.Th scope="col">{ti('invoices.line.chargeType')}</Table.Th>
                    <Table.Th scope="col" ta="right">{ti('invoices.line.amount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                {groups.map((group) => (
                  <Table.Tbody key={group.key} data-testid="charges-sim" data-msisdn={group.msisdn}>
                    {group.rows.map((row, i) => (
                      <Table.Tr key={`${row.chargeType}-${i}`}>
                        {/* Said once per SIM in the table; on a phone every card names its line. */}
                        <Table.Td data-label={ti('invoices.line.msisdn')} className={i === 0 ? undefined : 'mandate-repeat'}>{group.msisdn}</Table.Td>
                        <Table.Td data-label={ti('invoices.line.chargeType')}>{ti(`invoices.chargeType.${row.chargeType}`)}</Table.Td>
                        <Table.Td data-label={ti('invoices.line.amount')} ta="right">{eur(row.amountCents)}</Table.Td>
                      </Table.Tr>
                    ))}
                    <Table.Tr>
                      <Table.Th scope="row" colSpan={2}>{ti('invoices.detail.subtotal')} {group.msisdn}</Table.Th>
                      <Table.Td ta="right" fw={600}>{eur(group.totalCents)}</Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                ))}
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th scope="row" colSpan={2}>{ti('invoices.charges.total')}</Table.Th>
                    <Table.Td ta="right" fw={700} data-testid="charges-total">{eur(total)}</Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          );
        }}
      </ListStates>
      <KeysetPager pagination={pagination} nextCursor={query.data?.nextCursor} busy={query.isFetching} />
    </InvoicesPage>
  );
}
