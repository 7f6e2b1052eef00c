import { Alert, Button, Group, List, Loader, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { ErrorState } from '../../../components/error-state.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { formatDate } from '../../../lib/format.ts';
import { downloadInvoicePdf } from '../../invoices/api/invoices-api.ts';
import { isStale, useCancelDelivery, useCancelPreview, type CancelPreview, type DeliverySetting } from '../api/delivery-api.ts';
import { useDeliveryI18n } from '../i18n/delivery-i18n.ts';
import { useDownload } from '../../../lib/use-download.ts';
import { Dialog } from '../../../components/dialog.tsx';

type PreviewInvoice = CancelPreview['invoices'][number];

function PdfButton({ customerId, invoice }: { customerId: string; invoice: PreviewInvoice }) {
  const { td } = useDeliveryI18n();
  const { busy, error, start } = useDownload();
  return (
    <Stack gap={4} align="flex-start">
      <Button
        size="xs"
        variant="light"
        loading={busy}
        aria-label={td('delivery.cancel.downloadOf', { number: invoice.number })}
        onClick={() => {
          start(() => downloadInvoicePdf(customerId, invoice.id, invoice.number));
        }}
        data-testid="cancel-pdf"
      >
        {td('delivery.cancel.download')}
      </Button>
      {error ? <ProblemAlert error={error} /> : null}
    </Stack>
  );
}

/**
 * Back to paper (EBL-5): before it takes effect, the invoices whose PDFs the portal keeps are
 * listed to be downloaded, and the user is advised to keep them; then he confirms. GreenBill of
 * fixed services stops for every fixed account together (the preview names them).
 */
export function CancelDeliveryModal({ customerId, setting, onClose, onDone }: {
  customerId: string;
  setting: DeliverySetting;
  onClose: () => void;
  onDone: (setting: DeliverySetting) => void;
}) {
  const { t, td, locale } = useDeliveryI18n();
  const preview = useCancelPreview(customerId, setting.billingAccountId);
  const mutation = useCancelDelivery(customerId);
  const number = setting.billingAccountNumber;
  const data = preview.data;

  return (
    <Dialog opened onClose={onClose} title={td('delivery.cancel.title', { number })} size="lg" centered>
      <Stack gap="md">
        {preview.isPending ? <Loader aria-label={t('common.loading')} /> : null}
        {preview.error ? <ErrorState error={preview.error} inline onRetry={() => void preview.refetch()} /> : null}
        {data ? (
          <>
            <Text data-testid="cancel-accounts">{td('delivery.cancel.accounts', { numbers: data.accounts.map((a) => a.billingAccountNumber).join(', ') })}</Text>
            <Alert color="orange" variant="light" data-testid="cancel-advice">{td('delivery.cancel.advice')}</Alert>
            <section aria-labelledby="cancel-pdfs-title">
              <Title order={2} size="h5" id="cancel-pdfs-title" mb="xs">{td('delivery.cancel.pdfs')}</Title>
              {data.invoices.length === 0 ? (
                <Text size="sm" c="dimmed" data-testid="cancel-pdf-list">{td('delivery.cancel.noPdfs')}</Text>
              ) : (
                <ScrollArea.Autosize mah={280} type="auto">
                  <List listStyleType="none" spacing="xs" pr="sm" data-testid="cancel-pdf-list">
                    {data.invoices.map((invoice) => (
                      <List.Item key={invoice.id} data-testid={`cancel-pdf-${invoice.number}`}>
                        <Group justify="space-between" wrap="nowrap" gap="sm">
                          <Text size="sm">
                            {td('delivery.cancel.invoiceOf', { number: invoice.number, account: invoice.billingAccountNumber, date: formatDate(invoice.issueDate, locale) })}
                          </Text>
                          <PdfButton customerId={customerId} invoice={invoice} />
                        </Group>
                      </List.Item>
                    ))}
                  </List>
                </ScrollArea.Autosize>
              )}
            </section>
          </>
        ) : null}
        {isStale(mutation.error) ? (
          <Alert color="orange" variant="light" role="alert" data-testid="modal-error">{td('delivery.stale')}</Alert>
        ) : (
          <ProblemAlert error={mutation.error} testId="modal-error" />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="cancel-delivery-close">{t('common.cancel')}</Button>
          <Button
            color="red"
            disabled={!data}
            loading={mutation.isPending}
            onClick={() => mutation.mutate(setting, { onSuccess: onDone })}
            data-testid="cancel-confirm"
          >
            {td('delivery.cancel.confirm')}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
