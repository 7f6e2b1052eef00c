import { Anchor, Badge, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { UserListItem } from '@mandate/contracts/users';
import { ProfileBadges, noTruncate } from '../../../components/profile-badges.tsx';
import { formatDate, fullName } from '../../../lib/format.ts';
import type { Translate } from '../../../lib/i18n/i18n.tsx';
import { UserStatusBadge } from './user-status-badge.tsx';

const column = createColumnHelper<UserListItem>();

/** Column ids match the server's sort fields (name, email, profile, employmentEnd). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column helper yields ColumnDef<T, any>
export function usersColumns(t: Translate, locale: string, customerId?: string): ColumnDef<UserListItem, any>[] {
  return [
    column.accessor((user) => fullName(user), {
      id: 'name',
      header: t('users.column.name'),
      // The name links to the user's page (the keyboard path; a click anywhere on the row does the same).
      cell: (info) =>
        customerId ? (
          <Anchor component={Link} to={`/customers/${customerId}/users/${info.row.original.id}`} fw={500} size="sm" onClick={(e) => e.stopPropagation()} data-testid="user-link">
            {info.getValue<string>()}
          </Anchor>
        ) : (
          <Text fw={500} size="sm">{info.getValue<string>()}</Text>
        ),
    }),
    column.accessor('email', {
      header: t('users.column.email'),
      cell: (info) => <Text size="sm">{info.getValue()}</Text>,
    }),
    column.accessor('profile', {
      header: t('users.column.profile'),
      cell: (info) => (
        <Group gap={6} wrap="wrap">
          <ProfileBadges t={t} profile={info.getValue()} subProfiles={info.row.original.subProfiles} isPrimary={info.row.original.isPrimary} />
          {info.row.original.isDeputy ? (
            <Badge size="sm" variant="light" color="grape" styles={noTruncate}>
              {t('userAdmin.deputy')}
            </Badge>
          ) : null}
        </Group>
      ),
    }),
    column.accessor('status', {
      header: t('users.column.status'),
      enableSorting: false,
      cell: (info) => <UserStatusBadge t={t} status={info.getValue()} testId="user-row-status" />,
    }),
    column.accessor('employmentEnd', {
      header: t('users.column.employmentEnd'),
      cell: (info) => {
        const end = info.getValue();
        return end ? (
          <Text size="sm">{formatDate(end, locale)}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('users.noEnd')}
          </Text>
        );
      },
    }),
  ];
}
