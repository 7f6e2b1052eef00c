import { useMemo, useState } from 'react';
import { Select, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { SortingState } from '@tanstack/react-table';
import type { UserListQuery } from '@mandate/contracts/users';
import { PROFILES } from '@mandate/domain/profiles';
import { DataTable, useKeysetPagination } from '../../../components/data-table.tsx';
import { profileLabel } from '../../../components/profile-badges.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useUsers } from '../api/get-users.ts';
import { usersColumns } from '../components/users-columns.tsx';
import { UserManagementTabs } from '../components/user-management-tabs.tsx';

type ProfileFilter = NonNullable<UserListQuery['profile']>;
type StatusFilter = NonNullable<UserListQuery['status']>;
const STATUSES: readonly StatusFilter[] = ['active', 'suspended'];
const PAGE_SIZE = 25;

/** /customers/:customerId/users — the user-management app: everyone who may act for the customer. */
export function UsersPage({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t, locale } = useI18n();
  useDocumentTitle(`${t('users.title')} · ${customerName} · ${t('product.name')}`);

  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const [q, setQ] = useState('');
  const [profile, setProfile] = useState<ProfileFilter | null>(null);
  const [status, setStatus] = useState<StatusFilter | null>(null);

  const sortSpec = sorting[0];
  const sort = `${sortSpec?.id ?? 'name'}:${sortSpec?.desc ? 'desc' : 'asc'}`;
  const pagination = useKeysetPagination(JSON.stringify([customerId, sort, q, profile, status]));

  const query = useUsers(customerId, {
    limit: PAGE_SIZE,
    sort,
    cursor: pagination.cursor,
    ...(q ? { q } : {}),
    ...(profile ? { profile } : {}),
    ...(status ? { status } : {}),
  });
  const columns = useMemo(() => usersColumns(t, locale), [t, locale]);

  return (
    <Stack gap="lg">
      <UserManagementTabs />
      <div>
        <Title order={1}>{t('users.title')}</Title>
        <Text c="dimmed">{t('users.subtitle', { customer: customerName })}</Text>
      </div>
      <DataTable
        key={customerId}
        label={t('users.tableLabel', { customer: customerName })}
        testId="users-table"
        columns={columns}
        rows={query.data?.items}
        getRowId={(user) => user.membershipId}
        nextCursor={query.data?.nextCursor}
        pagination={pagination}
        sorting={sorting}
        onSortingChange={setSorting}
        isPending={query.isPending}
        isFetching={query.isFetching}
        error={query.error}
        onRetry={() => void query.refetch()}
        emptyMessage={t('users.empty')}
        search={{ value: q, onChange: setQ, label: t('users.searchLabel'), placeholder: t('users.searchPlaceholder') }}
        filters={
          <>
            <Select
              label={t('users.filter.profile')}
              placeholder={t('users.filter.any')}
              data={PROFILES.map((p) => ({ value: p, label: profileLabel(t, p) }))}
              value={profile}
              onChange={(value) => setProfile(value as ProfileFilter | null)}
              clearable
              w={{ base: '100%', sm: 220 }}
              data-testid="filter-profile"
            />
            <Select
              label={t('users.filter.status')}
              placeholder={t('users.filter.any')}
              data={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
              value={status}
              onChange={(value) => setStatus(value as StatusFilter | null)}
              clearable
              w={{ base: '100%', sm: 180 }}
              data-testid="filter-status"
            />
          </>
        }
      />
    </Stack>
  );
}
