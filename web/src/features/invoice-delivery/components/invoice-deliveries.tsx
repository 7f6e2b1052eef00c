import { Paper, Stack, Text, Title } from '@mantine/core';
import { ListStates } from '../../../components/list-states.tsx';
import { ListTable } from '../../../components/list-table.tsx';
import { useInvoiceDeliveries } from '../api/delivery-api.ts';
import { useDeliveryI18n } from '../i18n/delivery-i18n.ts';
import { DeliveryRows, useDeliveryColumns } from './delivery-history.tsx';

/** On an invoice's page: how it was delivered, one row per channel (e-mail, SMS, Zoomit, Peppol, paper). */
export function InvoiceDeliveries({ customerId, invoiceId, invoiceNumber }: { customerId: string; invoiceId: string; invoiceNumber: string }) {
  const { td } = useDeliveryI18n();
  const query = useInvoiceDeliveries(customerId, invoiceId);
  const columns = useDeliveryColumns(false);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="invoice-deliveries-title" data-testid="invoice-deliveries">
      <Stack gap="sm">
        <Title order={2} size="h3" id="invoice-deliveries-title">{td('delivery.invoice.title')}</Title>
        <ListStates query={query} loaderSize="sm" empty={<Text size="sm" c="dimmed" data-testid="invoice-deliveries-empty">{td('delivery.invoice.empty')}</Text>}>
          {(items) => (
            <ListTable label={td('delivery.invoice.tableLabel', { number: invoiceNumber })} testId="invoice-deliveries-table" minWidth={640} columns={columns}>
              <DeliveryRows customerId={customerId} items={items} withInvoice={false} />
            </ListTable>
          )}
        </ListStates>
      </Stack>
    </Paper>
  );
}
