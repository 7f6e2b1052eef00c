import { Alert, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Navigate, useParams } from 'react-router';
import type { App } from '@mandate/domain/profiles';
import { NotAvailable, NotFound } from '../../../components/status-page.tsx';
import { isApp } from '../../../lib/apps.ts';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';

/** /customers/:customerId/apps/:app: the landing page of an app he may use. */
export function AppRoute() {
  const { app } = useParams();
  const { apps } = useCustomerContext();
  if (!isApp(app)) return <NotFound />;
  if (app === 'user-management') return <Navigate to="../../users" relative="path" replace />;
  if (!apps.includes(app)) return <NotAvailable />;
  return <AppLandingPage app={app} />;
}

/** /customers/:customerId/apps/:app — the landing page of an app not built yet. */
export function AppLandingPage({ app }: { app: App }) {
  const { t } = useI18n();
  useDocumentTitle(`${t(`app.${app}`)} · ${t('product.name')}`);
  return (
    <Stack gap="lg" maw={760} data-testid={`app-landing-${app}`}>
      <div>
        <Title order={1}>{t(`app.${app}`)}</Title>
        <Text size="lg" c="dimmed">
          {t(`appDescription.${app}`)}
        </Text>
      </div>
      <Text>{t(`appDetails.${app}`)}</Text>
      <Alert variant="light" color="blue" title={t('appLanding.laterReleaseTitle')} data-testid="later-release">
        {t('appLanding.laterRelease')}
      </Alert>
    </Stack>
  );
}
