import { useCallback, useState } from 'react';
import { Alert, CloseButton, Group, Stack, Text } from '@mantine/core';
import { KeysetPager, useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { InvoicesGuard, InvoicesPage } from '../../invoices/components/invoices-shell.tsx';
import type { InvoicesAccess } from '../../invoices/invoices-access.ts';
import { useDeliverySettings, useZoomitBanks } from '../api/delivery-api.ts';
import { DeliveryCard, type Notice } from '../components/delivery-card.tsx';
import { useDeliveryI18n } from '../i18n/delivery-i18n.ts';

/** /customers/:customerId/invoices/settings */
export function DeliverySettingsRoute() {
  return (
    <InvoicesGuard needs="delivery">
      {({ customer, access }) => <DeliverySettingsPage key={customer.id} customerId={customer.id} customerName={customer.name} access={access} />}
    </InvoicesGuard>
  );
}

/**
 * My invoice online › Settings (EBL-1..7, Peppol): one card per billing account the user may see,
 * how it receives its invoices and what waits; the changes for those who may make them.
 */
export function DeliverySettingsPage({ customerId, customerName, access }: { customerId: string; customerName: string; access: InvoicesAccess }) {
  const { td } = useDeliveryI18n();
  const pagination = useKeysetPagination(customerId);
  const query = useDeliverySettings(customerId, pagination.cursor);
  const banks = useZoomitBanks(customerId);
  const [notice, setNotice] = useState<Notice | null>(null);
  const bankName = useCallback((bic: string) => banks.data?.items.find((b) => b.bic === bic)?.name ?? bic, [banks.data]);
  const fixedNumbers = (query.data?.items ?? []).filter((s) => s.billingAccountType === 'fix').map((s) => s.billingAccountNumber);

  return (
    <InvoicesPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      title={td('delivery.title')}
      subtitle={td('delivery.subtitle')}
      testId="delivery-settings-page"
    >
      <div role="status" aria-live="polite">
        {notice ? (
          <Alert color={notice.color} variant="light" data-testid="delivery-notice">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Text size="sm">{notice.text}</Text>
              <CloseButton size="sm" onClick={() => setNotice(null)} aria-label={td('delivery.noticeClose')} />
            </Group>
          </Alert>
        ) : null}
      </div>
      <Stack gap="md" data-testid="delivery-cards">
        <ListStates query={query} empty={<Text c="dimmed" data-testid="delivery-empty">{td('delivery.empty')}</Text>}>
          {(items) => items.map((setting) => (
            <DeliveryCard
              key={setting.billingAccountId}
              customerId={customerId}
              setting={setting}
              mayUpdate={access.updateDelivery}
              fixedNumbers={fixedNumbers}
              bankName={bankName}
              onNotice={setNotice}
            />
          ))}
        </ListStates>
        <KeysetPager pagination={pagination} nextCursor={query.data?.nextCursor} busy={query.isFetching} />
      </Stack>
    </InvoicesPage>
  );
}
