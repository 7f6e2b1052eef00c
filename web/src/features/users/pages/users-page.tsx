import { useMemo, useState } from 'react';
import { Alert, Button, Select, Text } from '@mantine/core';
import { subject } from '@casl/ability';
import { useNavigate } from 'react-router';
import type { SortingState } from '@tanstack/react-table';
import type { UserListQuery } from '@mandate/contracts/users';
import { PROFILES, SUB_PROFILES } from '@mandate/domain/profiles';
import { DataTable } from '../../../components/data-table.tsx';
import { DateField } from '../../../components/date-field.tsx';
import { useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { Page } from '../../../components/page-header.tsx';
import { profileLabel, subProfileLabel } from '../../../components/profile-badges.tsx';
import { CustomerNotFound, NotAvailable } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { useUsers } from '../api/users-api.ts';
import { usersColumns } from '../components/users-columns.tsx';
import { AddUserModal } from '../components/add-user-modal.tsx';
import { ExportAccessButton } from '../../grants/components/export-access-button.tsx';

type StatusFilter = NonNullable<UserListQuery['status']>;
const STATUSES = ['invited', 'active', 'suspended'] as const satisfies readonly StatusFilter[];
const SORT_FIELDS = ['name', 'email', 'profile', 'employmentEnd'] as const;
const PAGE_SIZE = 25;
const FILTERS = { sort: 'name:asc', q: '', profile: '', status: '', subProfile: '', endBefore: '' } as const;

/** /customers/:customerId/users: the user-management app must be usable here. */
export function UsersRoute() {
  const { customer, apps } = useCustomerContext();
  if (!customer) return <CustomerNotFound />;
  if (!apps.includes('user-management')) return <NotAvailable />;
  return <UsersPage key={customer.id} customerId={customer.id} customerName={customer.name} />;
}

/** `name:desc` → TanStack's sorting state (an unknown field falls back to the name). */
function sortingOf(sort: string): SortingState {
  const [field = 'name', direction] = sort.split(':');
  return [{ id: oneOf(field, SORT_FIELDS) ?? 'name', desc: direction === 'desc' }];
}

/** The customer's users; filters and sort live in the URL. */
export function UsersPage({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useUrlState(FILTERS);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const { ability, me, customer } = useCustomerContext();
  // DLG-1: an Access Owner of the parent acts here through the group link, not as a user of its own.
  const parent = customer?.relation === 'affiliate' ? me.customers.find((c) => c.id === customer.viaCustomerId) ?? null : null;
  const navigate = useNavigate();
  const mayAdd = ability.can('create', subject('User', { customerId }));

  const sorting = sortingOf(filters.sort);
  const sort = `${sorting[0]!.id as (typeof SORT_FIELDS)[number]}:${sorting[0]!.desc ? 'desc' as const : 'asc' as const}` as const;
  const profile = oneOf(filters.profile, PROFILES);
  const status = oneOf(filters.status, STATUSES);
  const subProfile = oneOf(filters.subProfile, SUB_PROFILES);
  const endBefore = /^\d{4}-\d{2}-\d{2}$/.test(filters.endBefore) ? filters.endBefore : null;
  const pagination = useKeysetPagination(JSON.stringify([customerId, sort, filters.q, profile, status, subProfile, endBefore]));

  const query = useUsers(customerId, {
    limit: PAGE_SIZE,
    sort,
    cursor: pagination.cursor,
    ...(filters.q ? { q: filters.q } : {}),
    ...(profile ? { profile } : {}),
    ...(status ? { status } : {}),
    ...(subProfile ? { subProfile } : {}),
    ...(endBefore ? { employmentEndBefore: endBefore } : {}),
  });
  const columns = useMemo(() => usersColumns(t, locale, customerId), [t, locale, customerId]);

  return (
    <Page
      tabs
      title={t('users.title')}
      subtitle={t('users.subtitle', { customer: customerName })}
      customerName={customerName}
      actions={
        <>
          <ExportAccessButton customerId={customerId} />
          {mayAdd ? (
            <Button onClick={() => setAdding(true)} data-testid="add-user">
              {t('userAdmin.add')}
            </Button>
          ) : null}
        </>
      }
    >
      {parent ? (
        <Text size="sm" c="dimmed" mb="sm" data-testid="users-via-parent">{t('users.viaParent', { customer: customerName, parent: parent.name })}</Text>
      ) : null}
      {added ? (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setAdded(null)} data-testid="add-user-done">
          {added}
        </Alert>
      ) : null}
      {mayAdd && adding ? (
        <AddUserModal customerId={customerId} customerName={customerName} onClose={() => setAdding(false)} onAdded={setAdded} />
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
        onSortingChange={(next) => setFilters({ sort: `${next[0]?.id ?? 'name'}:${next[0]?.desc ? 'desc' : 'asc'}` })}
        isPending={query.isPending}
        isFetching={query.isFetching}
        error={query.error}
        onRetry={() => void query.refetch()}
        emptyMessage={t('users.empty')}
        search={{ value: filters.q, onChange: (q) => setFilters({ q }), label: t('users.searchLabel'), placeholder: t('users.searchPlaceholder') }}
        filters={
          <>
            <Select
              label={t('users.filter.profile')}
              placeholder={t('users.filter.any')}
              data={PROFILES.map((p) => ({ value: p, label: profileLabel(t, p) }))}
              value={profile}
              onChange={(value) => setFilters({ profile: value })}
              clearable
              w={{ base: '100%', sm: 220 }}
              data-testid="filter-profile"
            />
            <Select
              label={t('users.filter.status')}
              placeholder={t('users.filter.any')}
              data={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
              value={status}
              onChange={(value) => setFilters({ status: value })}
              clearable
              w={{ base: '100%', sm: 180 }}
              data-testid="filter-status"
            />
            <Select
              label={t('userAdmin.filter.subProfile')}
              placeholder={t('users.filter.any')}
              data={SUB_PROFILES.map((sp) => ({ value: sp, label: subProfileLabel(t, sp) }))}
              value={subProfile}
              onChange={(value) => setFilters({ subProfile: value })}
              clearable
              w={{ base: '100%', sm: 200 }}
              data-testid="filter-sub-profile"
            />
            <DateField
              label={t('userAdmin.filter.employmentEndBefore')}
              value={filters.endBefore}
              onChange={(value) => setFilters({ endBefore: value })}
              w={{ base: '100%', sm: 180 }}
              testId="filter-employment-end"
            />
          </>
        }
      />
    </Page>
  );
}
