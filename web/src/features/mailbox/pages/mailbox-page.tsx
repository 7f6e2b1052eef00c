import { useMemo, useState } from 'react';
import { Alert, Button, Grid, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { MailboxItem } from '@mandate/contracts/mail';
import { DataTable } from '../../../components/data-table.tsx';
import { useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { NotAvailable } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useMailboxI18n } from '../i18n/mailbox-i18n.ts';
import { canReadMailbox, useMailbox, useSms } from '../api/mailbox-api.ts';
import { MailReader } from '../components/mail-reader.tsx';
import { mailboxColumns } from '../components/mailbox-columns.tsx';
import { SmsList } from '../components/sms-list.tsx';

const PAGE_SIZE = 25;
const NO_SORTING: never[] = [];
/** The recipient searched and the tab (mails or the SMS gateway's log) live in the URL. */
const FILTERS = { to: '', tab: 'mails' } as const;
const TABS = ['mails', 'sms'] as const;

/** /mailbox — operator staff only (the server answers 403 to others and 404 in production). */
export function MailboxRoute() {
  const { ability } = useCustomerContext();
  if (!canReadMailbox(ability)) return <NotAvailable />;
  return <MailboxPage />;
}

/** The development mailbox: the mail outbox, newest first, and a reader for one mail; and the development SMS gateway's log. */
export function MailboxPage() {
  const { t, tm, locale } = useMailboxI18n();
  useDocumentTitle(`${tm('mailbox.title')} · ${t('product.name')}`);

  const [filters, setFilters] = useUrlState(FILTERS);
  const { to } = filters;
  const tab = oneOf(filters.tab, TABS) ?? 'mails';
  const [open, setOpen] = useState<MailboxItem | null>(null);
  const pagination = useKeysetPagination(to);
  const query = useMailbox({ limit: PAGE_SIZE, cursor: pagination.cursor, ...(to ? { to } : {}) });
  const smsPagination = useKeysetPagination('sms');
  const sms = useSms(smsPagination.cursor, tab === 'sms');
  const shown = tab === 'sms' ? sms : query;
  const columns = useMemo(() => mailboxColumns(tm, locale, setOpen, open?.id ?? null), [tm, locale, open?.id]);
  const smtpConfigured = query.data?.smtpConfigured;

  return (
    <Stack gap="lg" data-testid="mailbox-page">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{tm('mailbox.title')}</Title>
          <Text c="dimmed">{tm('mailbox.subtitle')}</Text>
        </div>
        <Button variant="default" onClick={() => void shown.refetch()} loading={shown.isFetching} data-testid="mailbox-refresh">
          {tm('mailbox.refresh')}
        </Button>
      </Group>
      <Tabs value={tab} onChange={(value) => setFilters({ tab: value })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="mails" data-testid="mailbox-tab-mails">{tm('mailbox.tab.mails')}</Tabs.Tab>
          <Tabs.Tab value="sms" data-testid="mailbox-tab-sms">{tm('mailbox.tab.sms')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="mails" pt="md">
          <Stack gap="lg">
            {smtpConfigured === false ? (
              <Alert variant="light" color="yellow" title={tm('mailbox.banner.title')} data-testid="mailbox-banner">
                {tm('mailbox.banner.text')}
              </Alert>
            ) : null}
            {smtpConfigured === true ? (
              <Alert variant="light" color="blue" data-testid="mailbox-smtp">
                {tm('mailbox.smtpConfigured')}
              </Alert>
            ) : null}
            <Grid gutter="lg">
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <DataTable
                  label={tm('mailbox.tableLabel')}
                  testId="mailbox-table"
                  columns={columns}
                  rows={query.data?.items}
                  getRowId={(mail) => mail.id}
                  nextCursor={query.data?.nextCursor}
                  pagination={pagination}
                  sorting={NO_SORTING}
                  onSortingChange={() => undefined}
                  isPending={query.isPending}
                  isFetching={query.isFetching}
                  error={query.error}
                  onRetry={() => void query.refetch()}
                  emptyMessage={to ? tm('mailbox.emptyFiltered') : tm('mailbox.empty')}
                  search={{ value: to, onChange: (value) => setFilters({ to: value }), label: tm('mailbox.searchLabel'), placeholder: tm('mailbox.searchPlaceholder') }}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <MailReader mail={open} onClose={() => setOpen(null)} />
              </Grid.Col>
            </Grid>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="sms" pt="md">
          <SmsList query={sms} pagination={smsPagination} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
