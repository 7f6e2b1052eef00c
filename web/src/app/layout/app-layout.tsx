import { useEffect, useMemo, useState } from 'react';
import { Anchor, AppShell, Burger, Center, Container, Group, Text } from '@mantine/core';
import { useDisclosure, useWindowEvent } from '@mantine/hooks';
import { usePhone } from '../../lib/use-phone.ts';
import { Link, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import type { MeResponse } from '@mandate/contracts/me';
import { ErrorState } from '../../components/error-state.tsx';
import { FullPageLoader } from '../../components/full-page-loader.tsx';
import { RelationBadge } from '../../components/relation-badge.tsx';
import { LanguageSwitcher } from '../../components/language-switcher.tsx';
import { AbilityContext, buildAbility, usableApps } from '../../lib/ability.ts';
import { APP_ORDER } from '../../lib/apps.ts';
import { useMe } from '../../lib/auth.tsx';
import { CustomerContext, readRememberedCustomer, writeRememberedCustomer, type CustomerContextValue } from '../../lib/customer-context.tsx';
import { useI18n } from '../../lib/i18n/i18n.tsx';
import { AppNavbar } from './app-navbar.tsx';
import { CustomerSwitcher } from './customer-switcher.tsx';
import { UserMenu } from './user-menu.tsx';

/** The signed-in shell: loads /me, then header (customer, language, user), navigation and page. */
export function AppLayout() {
  const { t } = useI18n();
  const me = useMe();
  if (me.isPending) return <FullPageLoader label={t('common.loading')} />;
  if (me.isError) {
    return (
      <Center mih="100vh" p="md">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} inline />
      </Center>
    );
  }
  return <SignedInShell me={me.data} />;
}

/** Where switching customer leads: the users list if the new customer has user management, else its home. */
function switchTarget(pathname: string, me: MeResponse, customerId: string): string {
  const target = me.customers.find((c) => c.id === customerId);
  const home = `/customers/${customerId}`;
  if (!target) return home;
  const apps = usableApps(buildAbility(me.globalRules, target), target, APP_ORDER);
  const rest = pathname.replace(/^\/customers\/[^/]+/, '');
  if (rest === '/users' && apps.includes('user-management')) return `${home}/users`;
  return home;
}

function SignedInShell({ me }: { me: MeResponse }) {
  const { t, applyPreferredLanguage } = useI18n();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const phone = usePhone();
  const location = useLocation();
  const navigate = useNavigate();
  const urlCustomerId = useMatch('/customers/:customerId/*')?.params.customerId ?? null;
  const [remembered, setRemembered] = useState<string | null>(readRememberedCustomer);

  useEffect(() => applyPreferredLanguage(me.user.language), [applyPreferredLanguage, me.user.language]);
  useEffect(closeNav, [location.pathname, closeNav]);
  // Escape closes the phone navigation, as it closes any other overlay.
  useWindowEvent('keydown', (event) => {
    if (event.key === 'Escape' && navOpened) closeNav();
  });

  // The URL decides; elsewhere (My profile, back office) the last customer chosen, else the first.
  const customer =
    urlCustomerId !== null
      ? (me.customers.find((c) => c.id === urlCustomerId) ?? null)
      : (me.customers.find((c) => c.id === remembered) ?? me.customers[0] ?? null);

  useEffect(() => {
    if (urlCustomerId !== null && customer) writeRememberedCustomer(customer.id);
  }, [urlCustomerId, customer]);

  const context = useMemo<CustomerContextValue>(() => {
    const ability = buildAbility(me.globalRules, customer);
    return {
      me,
      customer,
      ability,
      apps: customer ? usableApps(ability, customer, APP_ORDER) : [],
      rememberCustomer: (id) => {
        writeRememberedCustomer(id);
        setRemembered(id);
      },
    };
  }, [me, customer]);

  const onSwitchCustomer = (customerId: string) => {
    context.rememberCustomer(customerId);
    if (urlCustomerId !== null || location.pathname !== '/profile') {
      void navigate(switchTarget(location.pathname, me, customerId));
    }
  };

  return (
    <CustomerContext.Provider value={context}>
      <AbilityContext.Provider value={context.ability}>
        <Anchor href="#main" className="mandate-skip-link">
          {t('layout.skipToContent')}
        </Anchor>
        <AppShell
          header={{ height: 60 }}
          navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
          padding="lg"
        >
          <AppShell.Header>
            <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="xs" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
                <Burger
                  opened={navOpened}
                  onClick={toggleNav}
                  hiddenFrom="sm"
                  size="sm"
                  aria-label={t('layout.toggleNavigation')}
                  aria-expanded={navOpened}
                  aria-controls="app-navigation"
                  data-testid="navigation-toggle"
                />
                <Text
                  component={Link}
                  to="/"
                  fw={800}
                  fz="lg"
                  c="indigo.7"
                  visibleFrom="xs"
                  data-testid="product-name"
                  style={{ textDecoration: 'none' }}
                >
                  {t('product.name')}
                </Text>
                {me.customers.length > 0 ? (
                  <CustomerSwitcher customers={me.customers} value={customer?.id ?? null} onChange={onSwitchCustomer} />
                ) : null}
                {customer ? (
                  <Group visibleFrom="md" gap={0}>
                    <RelationBadge t={t} customer={customer} customers={me.customers} />
                  </Group>
                ) : null}
              </Group>
              <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
                {/* On a phone the language choice moves into the navigation, so the header fits. */}
                {phone ? null : <LanguageSwitcher />}
                <UserMenu user={me.user} />
              </Group>
            </Group>
          </AppShell.Header>
          <AppNavbar />
          <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
            <Container size="lg" px={0}>
              <Outlet />
            </Container>
          </AppShell.Main>
        </AppShell>
      </AbilityContext.Provider>
    </CustomerContext.Provider>
  );
}
