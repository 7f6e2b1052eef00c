import { useState } from 'react';
import { Avatar, Button, Menu, VisuallyHidden } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import type { MeResponse } from '@mandate/contracts/me';
import { logout } from '../../features/auth/api/auth-api.ts';
import { useSession } from '../../lib/auth.tsx';
import { fullName } from '../../lib/format.ts';
import { useI18n } from '../../lib/i18n/i18n.tsx';
import { usePhone } from '../../lib/use-phone.ts';

/** The user's name in the header; opens "My profile" and "Sign out". */
export function UserMenu({ user }: { user: MeResponse['user'] }) {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const phone = usePhone();

  const signOut = async () => {
    setSigningOut(true);
    try {
      await logout();
    } catch {
      // the server session may already be gone; forget it here anyway
    }
    session.signedOut();
    void navigate('/login', { replace: true });
  };

  const initials = `${user.firstName.charAt(0)}${user.lastName.charAt(0)}`.toUpperCase();

  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          data-testid="user-menu"
          leftSection={
            <Avatar size="sm" color="indigo" aria-hidden>
              {initials}
            </Avatar>
          }
          loading={signingOut}
          px="xs"
        >
          {/* The name is the button's accessible name; a phone shows only the initials. */}
          {phone ? <VisuallyHidden>{fullName(user)}</VisuallyHidden> : fullName(user)}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item component={Link} to="/profile" data-testid="menu-profile">
          {t('nav.profile')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item c="red.9" onClick={() => void signOut()} data-testid="sign-out">
          {t('layout.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
