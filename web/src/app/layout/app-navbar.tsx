import { AppShell, Box, NavLink, ScrollArea, Text } from '@mantine/core';
import { LanguageSwitcher } from '../../components/language-switcher.tsx';
import { usePhone } from '../../lib/use-phone.ts';
import { Link, useLocation } from 'react-router';
import { canUseBackoffice } from '../../lib/ability.ts';
import { appNameKey, appPath, navigationApps } from '../../lib/apps.ts';
import { useCustomerContext } from '../../lib/customer-context.tsx';
import { useI18n } from '../../lib/i18n/i18n.tsx';
import { useMailboxAvailable } from '../../features/mailbox/api/mailbox-api.ts';

interface NavItemProps {
  to: string;
  label: string;
  testId: string;
  /** Active on exactly this path (home) rather than on the path and below. */
  exact?: boolean;
}

function NavItem({ to, label, testId, exact = false }: NavItemProps) {
  const { pathname } = useLocation();
  const active = exact ? pathname === to : pathname === to || pathname.startsWith(`${to}/`);
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      active={active}
      aria-current={active ? 'page' : undefined}
      data-testid={testId}
      variant="light"
    />
  );
}

/**
 * Only the apps the user may use at the selected customer (listed by /me and confirmed by the
 * ability) that the portal has, the back office for operators, and My profile.
 */
export function AppNavbar() {
  const { t } = useI18n();
  const { customer, apps: usable, ability } = useCustomerContext();
  const apps = customer ? navigationApps(usable, ability, customer.id) : [];
  const phone = usePhone();
  // The development mailbox: when the ability allows it and the server has it (not in production).
  const mailbox = useMailboxAvailable(ability);

  return (
    <AppShell.Navbar id="app-navigation" p="sm" aria-label={t('layout.navigation')}>
      <AppShell.Section grow component={ScrollArea}>
        {customer ? (
          <>
            <NavItem to={`/customers/${customer.id}`} label={t('layout.home')} testId="nav-home" exact />
            {apps.length > 0 ? (
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4} aria-hidden>
                {t('layout.apps')}
              </Text>
            ) : null}
            {apps.map((app) => (
              <NavItem key={app} to={appPath(customer.id, app, ability)} label={t(appNameKey(customer.id, app, ability))} testId={`nav-${app}`} />
            ))}
          </>
        ) : null}
      </AppShell.Section>
      <AppShell.Section pt="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        {phone ? (
          <Box px="sm" pb="sm" data-testid="navigation-language">
            <LanguageSwitcher size="sm" />
          </Box>
        ) : null}
        {canUseBackoffice(ability) ? <NavItem to="/backoffice" label={t('nav.backoffice')} testId="nav-backoffice" /> : null}
        {mailbox ? <NavItem to="/mailbox" label={t('nav.mailbox')} testId="nav-mailbox" /> : null}
        <NavItem to="/profile" label={t('nav.profile')} testId="nav-profile" />
      </AppShell.Section>
    </AppShell.Navbar>
  );
}
