import { useMemo, useState } from 'react';
import { Alert, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { subject } from '@casl/ability';
import { useNavigate } from 'react-router';
import { useDocumentTitle } from '@mantine/hooks';
import type { SortingState } from '@tanstack/react-table';
import type { UserListQuery } from '@mandate/contracts/users';
import { PROFILES, SUB_PROFILES } from '@mandate/domain/profiles';
import { DataTable, useKeysetPagination } from '../../../components/data-table.tsx';
import { profileLabel, subProfileLabel } from '../../../components/profile-badges.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useUsers } from '../api/get-users.ts';
import { usersColumns } from '../components/users-columns.tsx';
import { UserManagementTabs } from '../components/user-management-tabs.tsx';
import { AddUserModal } from '../components/add-user-modal.tsx';
import { ExportAccessButton } from '../../grants/components/export-access-button.tsx';

type ProfileFilter = NonNullable<UserListQuery['profile']>;
type StatusFilter = NonNullable<UserListQuery['status']>;
type SubProfileFilter = NonNullable<UserListQuery['subProfile']>;
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
  const [subProfile, setSubProfile] = useState<SubProfileFilter | null>(null);
  const [endBefore, setEndBefore] = useState('');
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const { ability } = useCustomerContext();
  const navigate = useNavigate();
  const mayAdd = ability.can('create', subject('User', { customerId }));

  const sortSpec = sorting[0];
  const sort = `${sortSpec?.id ?? 'name'}:${sortSpec?.desc ? 'desc' : 'asc'}`;
  const pagination = useKeysetPagination(JSON.stringify([customerId, sort, q, profile, status, subProfile, endBefore]));

  const query = useUsers(customerId, {
    limit: PAGE_SIZE,
    sort,
    cursor: pagination.cursor,
    ...(q ? { q } : {}),
    ...(profile ? { profile } : {}),
    ...(status ? { status } : {}),
    ...(subProfile ? { subProfile } : {}),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(endBefore) ? { employmentEndBefore: endBefore } : {}),
  });
  const columns = useMemo(() => usersColumns(t, locale, customerId), [t, locale, customerId]);

  return (
    <Stack gap="lg">
      <UserManagementTabs />
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Title order={1}>{t('users.title')}</Title>
          <Text c="dimmed">{t('users.subtitle', { customer: customerName })}</Text>
        </div>
        {/* Issue 3 (grants): "who has access" CSV, shown to AO and AM only. */}
        <Group gap="sm">
          <ExportAccessButton customerId={customerId} />
          {mayAdd ? (
            <Button onClick={() => setAdding(true)} data-testid="add-user">
              {t('userAdmin.add')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {added ? (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setAdded(null)} data-testid="add-user-done">
          {added}
        </Alert>
      ) : null}
      {mayAdd ? (
        <AddUserModal customerId={customerId} customerName={customerName} opened={adding} onClose={() => setAdding(false)} onAdded={setAdded} />
      ) : null}
      <DataTable
        key={customerId}
        label={t('users.tableLabel', { customer: customerName })}
        testId="users-table"
        columns={columns}
        rows={query.data?.items}
        getRowId={(user) => user.membershipId}
        onRowClick={(user) => void navigate(`/customers/${customerId}/users/${user.id}`)}
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
            <Select
              label={t('userAdmin.filter.subProfile')}
              placeholder={t('users.filter.any')}
              data={SUB_PROFILES.map((sp) => ({ value: sp, label: subProfileLabel(t, sp) }))}
              value={subProfile}
              onChange={(value) => setSubProfile(value as SubProfileFilter | null)}
              clearable
              w={{ base: '100%', sm: 200 }}
              data-testid="filter-sub-profile"
            />
            <TextInput
              label={t('userAdmin.filter.employmentEndBefore')}
              type="date"
              value={endBefore}
              onChange={(event) => setEndBefore(event.currentTarget.value)}
              w={{ base: '100%', sm: 180 }}
              data-testid="filter-employment-end"
            />
          </>
        }
      />
    </Stack>
  );
}
