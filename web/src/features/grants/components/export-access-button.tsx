import { Button, Text } from '@mantine/core';
import { subject } from '@casl/ability';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { describeError } from '../../../lib/problem.ts';
import { useDownload } from '../../../lib/use-download.ts';
import { downloadAccessExport } from '../api/grants-api.ts';

/** "Who has access": downloads the CSV; shown only to whom the ability lets export users (AO, AM). */
export function ExportAccessButton({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const { ability } = useCustomerContext();
  const { busy, error, start } = useDownload();
  if (!ability.can('export', subject('User', { customerId }))) return null;
  return (
    <div>
      <Button variant="default" onClick={() => start(() => downloadAccessExport(customerId))} loading={busy} data-testid="export-access">
        {t('grants.export')}
      </Button>
      {error ? <Text size="xs" c="red" role="alert">{describeError(t, error).text}</Text> : null}
    </div>
  );
}
