import { Badge, Text, UnstyledButton } from '@mantine/core';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { MailboxItem } from '@mandate/contracts/mail';
import { noTruncate } from '../../../components/profile-badges.tsx';
import { frenchFirst } from '../../../lib/format.ts';
import type { MailboxTranslate } from '../i18n/mailbox-i18n.ts';

const column = createColumnHelper<MailboxItem>();

export const STATUS_COLOR: Record<MailboxItem['status'], string> = { pending: 'yellow', sent: 'green', failed: 'red' };

/** A date-time in Brussels time, in the user's locale. */
export function formatDateTime(iso: string, locale: string, timeStyle: 'short' | 'medium' = 'medium'): string {
  return frenchFirst(new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle, timeZone: 'Europe/Brussels' }).format(new Date(iso)), locale);
}

/** Newest first (the server's order); the subject opens the mail in the reader (language and attempts are shown there). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column helper yields ColumnDef<T, any>
export function mailboxColumns(tm: MailboxTranslate, locale: string, open: (mail: MailboxItem) => void, openId: string | null): ColumnDef<MailboxItem, any>[] {
  return [
    column.accessor('createdAt', {
      header: tm('mailbox.column.date'),
      enableSorting: false,
      cell: (info) => <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(info.getValue(), locale, 'short')}</Text>,
    }),
    column.accessor('to', {
      header: tm('mailbox.column.to'),
      enableSorting: false,
      cell: (info) => <Text size="sm">{info.getValue()}</Text>,
    }),
    column.accessor('subject', {
      header: tm('mailbox.column.subject'),
      enableSorting: false,
      cell: (info) => {
        const mail = info.row.original;
        const selected = mail.id === openId;
        return (
          <UnstyledButton
            onClick={() => open(mail)}
            aria-pressed={selected}
            aria-label={tm('mailbox.open', { subject: mail.subject })}
            data-testid={`mailbox-open-${mail.id}`}
            fz="sm"
            fw={selected ? 700 : 500}
            c="blue"
            td={selected ? 'none' : 'underline'}
            ta="left"
          >
            {mail.subject}
          </UnstyledButton>
        );
      },
    }),
    column.accessor('status', {
      header: tm('mailbox.column.status'),
      enableSorting: false,
      cell: (info) => {
        const status = info.row.original.status;
        return (
          <Badge variant="dot" color={STATUS_COLOR[status]} tt="none" styles={noTruncate} data-testid="mailbox-status">
            {tm(`mailbox.status.${status}`)}
          </Badge>
        );
      },
    }),
  ];
}
