import { Badge, Button, Stack, Table, Text } from '@mantine/core';
import { KeysetPager, useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { ListTable } from '../../../components/list-table.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { formatDate } from '../../../lib/format.ts';
import { downloadBillingDocument, useBillingDocuments } from '../api/invoices-api.ts';
import type { BillingDocument } from '../api/invoices-types.ts';
import { InvoicesGuard, InvoicesPage } from '../components/invoices-shell.tsx';
import { useInvoicesI18n } from '../i18n/invoices-i18n.ts';
import type { InvoicesAccess } from '../invoices-access.ts';
import { useDownload } from '../../../lib/use-download.ts';

/** /customers/:customerId/invoices/documents */
export function DocumentsRoute() {
  return (
    <InvoicesGuard needs="invoices">
      {({ customer, access }) => <DocumentsPage key={customer.id} customerId={customer.id} customerName={customer.name} access={access} />}
    </InvoicesGuard>
  );
}

function DownloadButton({ customerId, document }: { customerId: string; document: BillingDocument }) {
  const { ti } = useInvoicesI18n();
  const { busy, error, start } = useDownload();
  return (
    <Stack gap={4} align="flex-start">
      <Button
        size="xs"
        variant="light"
        loading={busy}
        aria-label={ti('invoices.documents.downloadOf', { title: document.title })}
        onClick={() => {
          start(() => downloadBillingDocument(customerId, document.id, document.title));
        }}
        data-testid="document-download"
      >
        {ti('invoices.documents.download')}
      </Button>
      {error ? <ProblemAlert error={error} /> : null}
    </Stack>
  );
}

/** INV-8: documents other than invoices, each deemed accepted 5 working days after it appears unless objected to in writing. */
export function DocumentsPage({ customerId, customerName, access }: { customerId: string; customerName: string; access: InvoicesAccess }) {
  const { ti, locale, dayOf, lastDayBefore } = useInvoicesI18n();
  const pagination = useKeysetPagination(customerId);
  const query = useBillingDocuments(customerId, pagination.cursor);
  return (
    <InvoicesPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      title={ti('invoices.documents.title')}
      subtitle={ti('invoices.documents.subtitle')}
      testId="documents-page"
    >
      <Stack gap="sm">
        <ListStates query={query} empty={<Text c="dimmed" data-testid="documents-empty">{ti('invoices.documents.empty')}</Text>}>
          {(items) => (
            <ListTable
              label={ti('invoices.documents.tableLabel')}
              testId="documents-table"
              minWidth={900}
              columns={[
                ti('invoices.documents.column.title'),
                ti('invoices.documents.column.billingAccount'),
                ti('invoices.documents.column.publishedAt'),
                ti('invoices.documents.column.deemedAccepted'),
                ti('invoices.availableUntil.column'),
                '',
              ]}
            >
              {items.map((document) => (
                <Table.Tr key={document.id} data-testid={`document-${document.id}`}>
                  <Table.Td>
                    <Text size="sm" fw={500}>{document.title}</Text>
                    <Text size="xs" c="dimmed">{ti(`invoices.documentKind.${document.kind}`)}</Text>
                  </Table.Td>
                  <Table.Td><Text size="sm">{document.billingAccount.number}</Text></Table.Td>
                  <Table.Td><Text size="sm">{dayOf(document.publishedAt)}</Text></Table.Td>
                  <Table.Td>
                    <Text size="sm" data-testid="document-deemed-accepted">{formatDate(document.objectionDeadline, locale)}</Text>
                    {document.deemedAccepted ? (
                      <Badge size="sm" color="green" variant="light">{ti('invoices.documents.accepted')}</Badge>
                    ) : (
                      <Text size="xs" fw={600}>{ti('invoices.documents.objectUntil', { date: formatDate(document.objectionDeadline, locale) })}</Text>
                    )}
                  </Table.Td>
                  <Table.Td><Text size="sm">{lastDayBefore(document.availableUntil)}</Text></Table.Td>
                  <Table.Td>{document.hasContent ? <DownloadButton customerId={customerId} document={document} /> : null}</Table.Td>
                </Table.Tr>
              ))}
            </ListTable>
          )}
        </ListStates>
        <KeysetPager pagination={pagination} nextCursor={query.data?.nextCursor} busy={query.isFetching} />
      </Stack>
    </InvoicesPage>
  );
}
