import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';
import { appDescriptionKey, appNameKey, appPath, navigationApps } from '../../../lib/apps.ts';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { mayAtCustomer } from '../../../lib/ability.ts';
import { FleetActivationCard } from '../components/fleet-activation-card.tsx';

/**
 * /customers/:customerId — a card for each app the user may use at this customer that the portal
 * has. Rights to an app not there yet promise nothing on this page: it says they will come.
 * Fleet Manager, which the customer must ask for, is offered to whoever may ask (the ability's
 * AccessRequest rules) while the customer does not have it.
 */
export function CustomerHomePage() {
  const { t } = useI18n();
  const { me, customer, apps: usable, ability } = useCustomerContext();
  useDocumentTitle(`${customer?.name ?? ''} · ${t('product.name')}`);
  if (!customer) return null;
  // The same apps as the navigation (My invoice online for whoever reads his line's usage).
  const apps = navigationApps(usable, ability, customer.id);
  const offerFleetManager = !usable.includes('fleet-manager') && mayAtCustomer(ability, 'create', 'AccessRequest', customer.id);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('home.title', { name: me.user.firstName })}</Title>
        <Text c="dimmed">{t('home.subtitle', { customer: customer.name })}</Text>
      </div>
      {apps.length === 0 ? (
        usable.length === 0 ? (
          <Text data-testid="no-apps">{t('home.noApps')}</Text>
        ) : (
          <Text data-testid="apps-later">
            {t('home.appsLater', { customer: customer.name })}{' '}
            <Anchor component={Link} to="/profile" data-testid="apps-later-profile">
              {t('nav.profile')}
            </Anchor>
          </Text>
        )
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {apps.map((app) => (
            <li key={app}>
              <Card
                component={Link}
                to={appPath(customer.id, app, ability)}
                withBorder
                padding="lg"
                radius="md"
                h="100%"
                data-testid={`app-card-${app}`}
              >
                <Title order={2} fz="h4" mb={6}>
                  {t(appNameKey(customer.id, app, ability))}
                </Title>
                <Text size="sm" c="dimmed">
                  {t(appDescriptionKey(customer.id, app, ability))}
                </Text>
              </Card>
            </li>
          ))}
        </SimpleGrid>
      )}
      {offerFleetManager ? <FleetActivationCard key={customer.id} customerId={customer.id} customerName={customer.name} /> : null}
    </Stack>
  );
}
