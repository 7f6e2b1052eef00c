import { Badge } from '@mantine/core';
import { addDays, addMonths, type IsoDate } from '@mandate/domain/dates';
import { formatDate } from '../../../lib/format.ts';
import type { DisputeStatus, InvoiceStatus, UsageType } from '../api/invoices-types.ts';
import { useInvoicesI18n, type InvoicesI18n } from '../i18n/invoices-i18n.ts';

/** Badges show their whole word (a narrow column would otherwise cut "Disputed" to "DIS…"). */
const WHOLE = { root: { flexShrink: 0 }, label: { overflow: 'visible' } } as const;

const INVOICE_COLORS: Record<InvoiceStatus, string> = { open: 'blue', paid: 'green', overdue: 'red', disputed: 'orange' };
const DISPUTE_COLORS: Record<DisputeStatus, string> = { open: 'orange', in_review: 'blue', accepted: 'green', rejected: 'red', withdrawn: 'gray' };

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { ti } = useInvoicesI18n();
  return (
    <Badge color={INVOICE_COLORS[status]} variant="light" styles={WHOLE} data-testid="invoice-status" data-status={status}>
      {ti(`invoices.status.${status}`)}
    </Badge>
  );
}

export function DisputeStatusBadge({ status }: { status: DisputeStatus }) {
  const { ti } = useInvoicesI18n();
  return (
    <Badge color={DISPUTE_COLORS[status]} variant="light" styles={WHOLE} data-testid="dispute-status" data-status={status}>
      {ti(`invoices.disputeStatus.${status}`)}
    </Badge>
  );
}

/** What a communication used: a duration for calls, a volume for data, one message for an SMS. */
export function usageText(i18n: InvoicesI18n, type: UsageType, durationS: number | null, volumeKb: number | null): string {
  const { ti, count } = i18n;
  if (type === 'sms') return ti('invoices.units.sms');
  if (type === 'data' || (durationS === null && volumeKb !== null)) {
    if (volumeKb === null) return '—';
    return volumeKb >= 1024 ? ti('invoices.units.mb', { value: count(Math.round((volumeKb / 1024) * 10) / 10) }) : ti('invoices.units.kb', { value: count(volumeKb) });
  }
  if (durationS === null) return '—';
  return durationS < 60 ? ti('invoices.units.seconds', { value: durationS }) : ti('invoices.units.minutes', { m: Math.floor(durationS / 60), s: durationS % 60 });
}

/** Bytes received, e.g. "1.2 MB". */
export function sizeText(i18n: InvoicesI18n, bytes: number): string {
  return bytes >= 1024 * 1024
    ? i18n.ti('invoices.units.mb', { value: i18n.count(Math.round((bytes / 1024 / 1024) * 10) / 10) })
    : i18n.ti('invoices.units.kb', { value: i18n.count(Math.ceil(bytes / 1024)) });
}

/** The last `count` calendar months before `today`'s month (billed ones: the current month is open), newest first, as YYYY-MM. */
export function pastMonths(today: string, count: number, includeCurrent = false): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let i = includeCurrent ? 0 : 1; months.length < count; i++) {
    const d = new Date(Date.UTC(year, month - 1 - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

export function useMonthOptions(today: string, count: number) {
  const { month } = useInvoicesI18n();
  return pastMonths(today, count, true).map((m) => ({ value: m, label: month(m) }));
}

/**
 * A billing period as people name it: its month when it is one whole calendar month ("November
 * 2026"), else its first and last day.
 */
export function periodLabel(i18n: Pick<InvoicesI18n, 'month' | 'locale'>, start: string, end: string): string {
  const wholeMonth = start.endsWith('-01') && addDays(addMonths(start as IsoDate, 1), -1) === end;
  return wholeMonth ? i18n.month(start) : `${formatDate(start, i18n.locale)} – ${formatDate(end, i18n.locale)}`;
}
