import { useState } from 'react';
import { Button, Text } from '@mantine/core';
import { subject } from '@casl/ability';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { describeError } from '../../../lib/problem.ts';
import { downloadAccessExport } from '../api/grants-api.ts';

/** "Who has access": downloads the CSV; shown only to whom the ability lets export users (AO, AM). */
export function ExportAccessButton({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const { ability } = useCustomerContext();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!ability.can('export', subject('User', { customerId }))) return null;
  const onClick = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadAccessExport(customerId);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Button variant="default" onClick={() => void onClick()} loading={busy} data-testid="export-access">
        {t('grants.export')}
      </Button>
      {error ? <Text size="xs" c="red" role="alert">{describeError(t, error).text}</Text> : null}
    </div>
  );
}
