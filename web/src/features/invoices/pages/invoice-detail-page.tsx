import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { isUuid } from '@mandate/contracts/common';
import { brusselsDate } from '@mandate/domain/dates';
import { ErrorState } from '../../../components/error-state.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { NotFound } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { formatDate, withColon } from '../../../lib/format.ts';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { downloadInvoicePdf, useInvoice } from '../api/invoices-api.ts';
import type { InvoiceDetail, InvoiceLine } from '../api/invoices-types.ts';
import { InvoiceDeliveries } from '../../invoice-delivery/components/invoice-deliveries.tsx';
import { DisputeHistory } from '../components/dispute-history.tsx';
import { disputableLines, DisputeModal } from '../components/dispute-modal.tsx';
import { InvoiceStatusBadge, periodLabel } from '../components/invoice-format.tsx';
import { InvoicesGuard, InvoicesPage } from '../components/invoices-shell.tsx';
import { useInvoicesI18n } from '../i18n/invoices-i18n.ts';
import type { InvoicesAccess } from '../invoices-access.ts';
import { useDownload } from '../../../lib/use-download.ts';

const VIEW = { group: 'sim' } as const;
const GROUPINGS = ['sim', 'type'] as const;
const LIVE = new Set(['open', 'in_review']);

/** /customers/:customerId/invoices/:invoiceId; an address whose invoice id is no id (a mistyped one) is not found, as an invoice out of scope. */
export function InvoiceDetailRoute() {
  const { invoiceId = '' } = useParams();
  return (
    <InvoicesGuard needs="invoices">
      {({ customer, access }) => (isUuid(invoiceId)
        ? <InvoiceDetailPage key={`${customer.id}/${invoiceId}`} customerId={customer.id} customerName={customer.name} invoiceId={invoiceId} access={access} />
        : <NotFound />)}
    </InvoicesGuard>
  );
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">{label}</Text>
      <Text component="dd" m={0} size="sm" fw={500} data-testid={testId}>{children}</Text>
    </div>
  );
}

interface LineGroup {
  key: string;
  title: string;
  lines: InvoiceLine[];
  totalCents: number;
}

function useLineGroups(invoice: InvoiceDetail, grouping: 'sim' | 'type'): LineGroup[] {
  const { ti } = useInvoicesI18n();
  const groups = new Map<string, LineGroup>();
  for (const line of invoice.lines) {
    const key = grouping === 'sim' ? (line.simId ?? '') : line.chargeType;
    const title = grouping === 'sim' ? (line.msisdn ?? ti('invoices.detail.noSim')) : ti(`invoices.chargeType.${line.chargeType}`);
    const group = groups.get(key) ?? { key, title, lines: [], totalCents: 0 };
    group.lines.push(line);
    group.totalCents += line.amountExclVatCents;
    groups.set(key, group);
  }
  return [...groups.values()];
}

function InvoiceLines({ invoice, grouping }: { invoice: InvoiceDetail; grouping: 'sim' | 'type' }) {
  const { ti, eur, count, locale } = useInvoicesI18n();
  const groups = useLineGroups(invoice, grouping);
  // As the language writes a percentage: "21%" in English, "21 %" in French.
  const vatRate = (bp: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10_000);
  if (invoice.lines.length === 0) return <Text c="dimmed" data-testid="invoice-lines-empty">{ti('invoices.detail.noLines')}</Text>;
  const other = grouping === 'sim' ? ti('invoices.line.chargeType') : ti('invoices.line.msisdn');
  return (
    <Table.ScrollContainer minWidth={640} className="mandate-stacked-table">
      <Table
        striped={false}
        highlightOnHover
        data-testid="invoice-lines"
        aria-label={ti('invoices.detail.linesLabel', { number: invoice.number, grouping: grouping === 'sim' ? ti('invoices.detail.bySim') : ti('invoices.detail.byChargeType') })}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{ti('invoices.line.no')}</Table.Th>
            <Table.Th scope="col">{ti('invoices.line.description')}</Table.Th>
            <Table.Th scope="col">{other}</Table.Th>
            <Table.Th scope="col" ta="right">{ti('invoices.line.quantity')}</Table.Th>
            <Table.Th scope="col" ta="right">{ti('invoices.line.amount')}</Table.Th>
            <Table.Th scope="col" ta="right">{ti('invoices.line.vat')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        {groups.map((group) => (
          <Table.Tbody key={group.key} data-testid="invoice-line-group">
            <Table.Tr bg="var(--mantine-color-default-hover)">
              <Table.Th scope="rowgroup" colSpan={4}>{group.title}</Table.Th>
              <Table.Td colSpan={2} ta="right" fw={600}>
                {withColon(ti('invoices.detail.subtotal'), locale)} {eur(group.totalCents)}
              </Table.Td>
            </Table.Tr>
            {group.lines.map((line) => (
              <Table.Tr key={line.lineNo} data-testid={`invoice-line-${line.lineNo}`}>
                <Table.Td data-label={ti('invoices.line.no')}>{line.lineNo}</Table.Td>
                <Table.Td data-label={ti('invoices.line.description')}>
                  <Group gap={6} wrap="wrap">
                    <Text size="sm">{line.description || ti(`invoices.chargeType.${line.chargeType}`)}</Text>
                    {line.disputed ? <Badge size="xs" color="orange" variant="light" data-testid="line-disputed">{ti('invoices.line.disputed')}</Badge> : null}
                  </Group>
                </Table.Td>
                <Table.Td data-label={other}>
                  {grouping === 'sim' ? ti(`invoices.chargeType.${line.chargeType}`) : (line.msisdn ?? '—')}
                </Table.Td>
                <Table.Td data-label={ti('invoices.line.quantity')} ta="right">{count(line.quantity)}</Table.Td>
                <Table.Td data-label={ti('invoices.line.amount')} ta="right">{eur(line.amountExclVatCents)}</Table.Td>
                <Table.Td data-label={ti('invoices.line.vat')} ta="right">{vatRate(line.vatRateBp)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        ))}
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row" colSpan={4}>{ti('invoices.detail.total')}</Table.Th>
            <Table.Td colSpan={2} ta="right" fw={700} data-testid="invoice-lines-total">{eur(invoice.amountExclVatCents)}</Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

function PdfDownload({ customerId, invoice }: { customerId: string; invoice: InvoiceDetail }) {
  const { ti } = useInvoicesI18n();
  const { busy, error, start } = useDownload();
  return (
    <>
      <Button
        variant="default"
        loading={busy}
        onClick={() => {
          start(() => downloadInvoicePdf(customerId, invoice.id, invoice.number));
        }}
        data-testid="invoice-download-pdf"
      >
        {ti('invoices.downloadPdf')}
      </Button>
      {error ? <ProblemAlert error={error} /> : null}
    </>
  );
}

export function InvoiceDetailPage({ customerId, customerName, invoiceId, access }: { customerId: string; customerName: string; invoiceId: string; access: InvoicesAccess }) {
  const i18n = useInvoicesI18n();
  const { ti, eur, locale, lastDayBefore } = i18n;
  const query = useInvoice(customerId, invoiceId);
  const { me } = useCustomerContext();
  const [view, setView] = useUrlState(VIEW);
  const grouping = oneOf(view.group, GROUPINGS) ?? 'sim';
  const [disputing, setDisputing] = useState(false);
  const [sent, setSent] = useState(false);
  const back = (
    <Anchor component={Link} to={`/customers/${customerId}/invoices`} size="sm" data-testid="invoice-back">
      ← {ti('invoices.detail.back')}
    </Anchor>
  );

  if (query.isPending) {
    return (
      <InvoicesPage customerId={customerId} customerName={customerName} access={access} title={ti('invoices.detail.title', { number: '…' })} above={back}>
        <Stack gap="sm" aria-busy data-testid="invoice-loading">
          <Skeleton height={80} />
          <Skeleton height={240} />
        </Stack>
      </InvoicesPage>
    );
  }
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const invoice = query.data;

  const today = brusselsDate(new Date());
  const windowOpen = today <= invoice.disputeDeadline;
  const liveDisputes = invoice.disputes.filter((d) => LIVE.has(d.status));
  const nothingToDispute = liveDisputes.some((d) => d.lineNos.length === 0) || (invoice.lines.length > 0 && disputableLines(invoice).length === 0);
  // Accepted disputes still stand against what is due; open ones are the ones still being looked at.
  const undisputed = invoice.undisputedCents < invoice.amountInclVatCents ? invoice.undisputedCents : null;

  return (
    <InvoicesPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      title={ti('invoices.detail.title', { number: invoice.number })}
      subtitle={`${invoice.billingAccount.number} · ${invoice.billingAccount.name}`}
      above={back}
      caveat
      testId="invoice-detail"
      actions={
        <>
          <PdfDownload customerId={customerId} invoice={invoice} />
          {!invoice.pdfOnly ? (
            <Button component={Link} to={`/customers/${customerId}/invoices/${invoice.id}/call-details`} variant="default" data-testid="invoice-call-details">
              {ti('invoices.detail.callDetails')}
            </Button>
          ) : null}
          {access.dispute && !invoice.pdfOnly ? (
            <Button
              color="orange"
              onClick={() => {
                setSent(false);
                setDisputing(true);
              }}
              disabled={!windowOpen || nothingToDispute}
              aria-describedby="dispute-window"
              data-testid="invoice-dispute"
            >
              {ti('invoices.dispute.action')}
            </Button>
          ) : null}
        </>
      }
    >
      {access.dispute && !invoice.pdfOnly ? (
        <Text size="sm" c={windowOpen ? undefined : 'dimmed'} id="dispute-window" data-testid="dispute-window">
          {!windowOpen
            ? ti('invoices.dispute.closed', { date: formatDate(invoice.disputeDeadline, locale) })
            : nothingToDispute ? ti('invoices.dispute.nothingLeft')
              : ti('invoices.dispute.until', { date: formatDate(invoice.disputeDeadline, locale) })}
        </Text>
      ) : null}
      {sent ? (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setSent(false)} data-testid="dispute-sent">
          {ti('invoices.dispute.sent')}
        </Alert>
      ) : null}
      {invoice.owed ? (
        <Alert color="red" variant="light" title={ti('invoices.detail.owedTitle')} data-testid="invoice-owed">
          {ti('invoices.detail.owedText', { due: eur(invoice.owed.amountDueCents), fee: eur(invoice.owed.lateFeeCents), total: eur(invoice.owed.totalCents) })}
        </Alert>
      ) : null}
      {undisputed !== null ? (
        <Alert color="orange" variant="light" data-testid="invoice-undisputed">
          {ti('invoices.detail.undisputed', { amount: eur(undisputed) })}
        </Alert>
      ) : null}

      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">{ti('invoices.detail.summary')}</Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md" component="dl" m={0}>
          <Field label={ti('invoices.detail.status')}><InvoiceStatusBadge status={invoice.status} /></Field>
          <Field label={ti('invoices.detail.billingAccount')}>{invoice.billingAccount.number}</Field>
          <Field label={ti('invoices.detail.period')} testId="invoice-period">{periodLabel(i18n, invoice.periodStart, invoice.periodEnd)}</Field>
          <Field label={ti('invoices.detail.issueDate')}>{formatDate(invoice.issueDate, locale)}</Field>
          <Field label={ti('invoices.detail.dueDate')}>{formatDate(invoice.dueDate, locale)}</Field>
          {invoice.paidOn ? <Field label={ti('invoices.detail.paidOn')}>{formatDate(invoice.paidOn, locale)}</Field> : null}
          <Field label={ti('invoices.detail.exclVat')}>{eur(invoice.amountExclVatCents)}</Field>
          <Field label={ti('invoices.detail.vat')}>{eur(invoice.vatCents)}</Field>
          <Field label={ti('invoices.detail.inclVat')} testId="invoice-total">{eur(invoice.amountInclVatCents)}</Field>
          <Field label={ti('invoices.availableUntil.column')} testId="invoice-available-until">{lastDayBefore(invoice.availableUntil)}</Field>
        </SimpleGrid>
      </Paper>

      {invoice.pdfOnly ? (
        <Text c="dimmed" data-testid="invoice-pdf-only">{ti('invoices.detail.pdfOnlyText', { date: lastDayBefore(invoice.availableUntil) })}</Text>
      ) : (
        <Stack gap="sm" component="section" aria-labelledby="invoice-lines-title">
          <Group justify="space-between" wrap="wrap">
            <Title order={2} size="h3" id="invoice-lines-title">{ti('invoices.detail.lines')}</Title>
            <SegmentedControl
              aria-label={ti('invoices.detail.groupBy')}
              value={grouping}
              onChange={(group) => setView({ group })}
              data={[
                { value: 'sim', label: ti('invoices.detail.bySim') },
                { value: 'type', label: ti('invoices.detail.byChargeType') },
              ]}
              data-testid="invoice-grouping"
            />
          </Group>
          <InvoiceLines invoice={invoice} grouping={grouping} />
        </Stack>
      )}

      {access.disputes || invoice.disputes.length > 0 ? (
        <DisputeHistory customerId={customerId} invoiceNumber={invoice.number} disputes={invoice.disputes} mayWithdraw={(d) => access.dispute && (access.updateDisputes || d.openedBy.id === me.user.id)} />
      ) : null}

      {access.delivery ? <InvoiceDeliveries customerId={customerId} invoiceId={invoice.id} invoiceNumber={invoice.number} /> : null}

      {disputing ? (
        <DisputeModal
          customerId={customerId}
          invoice={invoice}
          onClose={() => setDisputing(false)}
          onSent={() => {
            setDisputing(false);
            setSent(true);
          }}
        />
      ) : null}
    </InvoicesPage>
  );
}
