import { useMemo, useState } from 'react';
import { Button, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { subject } from '@casl/ability';
import type { AuditItem } from '@mandate/contracts/audit';
import { DataTable } from '../../../components/data-table.tsx';
import { DateField } from '../../../components/date-field.tsx';
import { useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { Page } from '../../../components/page-header.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { NotAvailable } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { fullName } from '../../../lib/format.ts';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { useUsers } from '../../users/api/users-api.ts';
import { downloadAuditExport, useAudit, type AuditFilters } from '../api/audit-api.ts';
import { auditColumns } from '../components/audit-columns.tsx';
import { AuditDetailDrawer } from '../components/audit-detail-drawer.tsx';
import { CUSTOMER_AUDIT_ACTIONS, auditActionLabel } from '../components/audit-format.ts';
import { useAuditI18n } from '../i18n/audit-i18n.ts';

const PAGE_SIZE = 25;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FILTERS = { from: '', to: '', action: '', actor: '', actorName: '', q: '' } as const;

/** /customers/:customerId/audit — the guard: the user-management app and the ability to read the customer's audit trail. */
export function AuditRoute() {
  const { customer, apps, ability } = useCustomerContext();
  if (!customer || !apps.includes('user-management') || !ability.can('read', subject('Audit', { customerId: customer.id }))) {
    return <NotAvailable />;
  }
  return <AuditPage key={customer.id} customerId={customer.id} customerName={customer.name} />;
}

/** The "who" filter: the customer's users, searched on the server as one types. */
function ActorSelect({ customerId, value, onChange }: { customerId: string; value: { id: string; label: string } | null; onChange: (v: { id: string; label: string } | null) => void }) {
  const { t, ta } = useAuditI18n();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const users = useUsers(customerId, { limit: 50, sort: 'name:asc', cursor: null, ...(debounced && debounced !== value?.label ? { q: debounced } : {}) });
  const data = useMemo(() => {
    const options = (users.data?.items ?? []).map((u) => ({ value: u.id, label: fullName(u) || u.email }));
    if (value && !options.some((o) => o.value === value.id)) options.unshift({ value: value.id, label: value.label });
    return options;
  }, [users.data, value]);
  return (
    <Select
      label={ta('audit.filter.actor')}
      placeholder={ta('audit.filter.anyone')}
      data={data}
      value={value?.id ?? null}
      onChange={(id, option) => onChange(id ? { id, label: option.label } : null)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      clearable
      nothingFoundMessage={users.isFetching ? t('common.loading') : ta('audit.empty')}
      w={{ base: '100%', sm: 220 }}
      data-testid="audit-filter-actor"
    />
  );
}

/** SEC-3: who changed which rights, when, acting for whom, through which delegation; filters, detail and CSV export. */
export function AuditPage({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t, ta, locale } = useAuditI18n();
  const { ability } = useCustomerContext();
  const [url, setFilters] = useUrlState(FILTERS);
  const { from, to, q } = url;
  const action = oneOf(url.action, CUSTOMER_AUDIT_ACTIONS);
  const actor = url.actor ? { id: url.actor, label: url.actorName || url.actor } : null;
  const [open, setOpen] = useState<AuditItem | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const mayExport = ability.can('export', subject('Audit', { customerId }));

  const validFrom = ISO_DATE.test(from) ? from : undefined;
  const validTo = ISO_DATE.test(to) ? to : undefined;
  const rangeInvalid = validFrom !== undefined && validTo !== undefined && validFrom > validTo;
  const filters: AuditFilters = {
    ...(validFrom ? { from: validFrom } : {}),
    ...(validTo ? { to: validTo } : {}),
    ...(action ? { action } : {}),
    ...(actor ? { actorId: actor.id } : {}),
    ...(q ? { q } : {}),
  };
  const pagination = useKeysetPagination(JSON.stringify([customerId, filters]));
  const query = useAudit(customerId, { ...filters, limit: PAGE_SIZE, cursor: pagination.cursor }, !rangeInvalid);
  const columns = useMemo(() => auditColumns(t, ta, locale, setOpen), [t, ta, locale]);
  const actionOptions = useMemo(
    () => CUSTOMER_AUDIT_ACTIONS.map((code) => ({ value: code, label: auditActionLabel(ta, code) })).sort((a, b) => a.label.localeCompare(b.label, locale)),
    [ta, locale],
  );

  const onExport = async () => {
    setExporting(true);
    setExportError(null);
    try {
      await downloadAuditExport(customerId, filters);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Page
      tabs
      title={t('audit.title')}
      subtitle={ta('audit.subtitle', { customer: customerName })}
      customerName={customerName}
      actions={
        mayExport ? (
          <Button variant="default" onClick={() => void onExport()} loading={exporting} disabled={rangeInvalid} data-testid="audit-export">
            {ta('audit.export')}
          </Button>
        ) : null
      }
    >
      <ProblemAlert error={exportError} />
      <DataTable
        label={ta('audit.tableLabel', { customer: customerName })}
        testId="audit-table"
        columns={columns}
        rows={rangeInvalid ? [] : query.data?.items}
        getRowId={(item) => item.id}
        onRowClick={setOpen}
        nextCursor={rangeInvalid ? null : query.data?.nextCursor}
        pagination={pagination}
        sorting={[]}
        onSortingChange={() => undefined}
        isPending={!rangeInvalid && query.isPending}
        isFetching={!rangeInvalid && query.isFetching}
        error={rangeInvalid ? null : query.error}
        onRetry={() => void query.refetch()}
        emptyMessage={ta('audit.empty')}
        search={{ value: q, onChange: (value) => setFilters({ q: value }), label: ta('audit.filter.search'), placeholder: ta('audit.filter.searchPlaceholder') }}
        filters={
          <>
            <DateField
              label={ta('audit.filter.from')}
              value={validFrom ?? ''}
              maxDate={validTo}
              onChange={(value) => setFilters({ from: value })}
              w={{ base: '100%', sm: 170 }}
              testId="audit-filter-from"
            />
            <DateField
              label={ta('audit.filter.to')}
              value={validTo ?? ''}
              minDate={validFrom}
              onChange={(value) => setFilters({ to: value })}
              error={rangeInvalid ? ta('audit.filter.rangeInvalid') : undefined}
              w={{ base: '100%', sm: 170 }}
              testId="audit-filter-to"
            />
            <Select
              label={ta('audit.filter.action')}
              placeholder={ta('audit.filter.any')}
              data={actionOptions}
              value={action}
              onChange={(value) => setFilters({ action: value })}
              searchable
              clearable
              w={{ base: '100%', sm: 260 }}
              data-testid="audit-filter-action"
            />
            <ActorSelect customerId={customerId} value={actor} onChange={(value) => setFilters({ actor: value?.id ?? null, actorName: value?.label ?? null })} />
          </>
        }
      />
      <AuditDetailDrawer item={open} onClose={() => setOpen(null)} />
    </Page>
  );
}
