import type { FleetI18n } from '../i18n/fleet-i18n.ts';

/** A device change of the history ({ownership, imei, make, model}, or {} before any marking) as a short text. */
export function deviceHistoryText(i18n: FleetI18n, value: unknown): string {
  const record = (value ?? {}) as { ownership?: unknown; imei?: unknown; make?: unknown; model?: unknown };
  if (record.ownership === 'byod') return i18n.tf('fleet.device.history.byod');
  if (record.ownership !== 'customer') return '—';
  const device = [record.make, record.model].filter((part): part is string => typeof part === 'string' && part !== '').join(' ');
  return [i18n.tf('fleet.device.history.customer'), typeof record.imei === 'string' ? `IMEI ${record.imei}` : null, device || null].filter(Boolean).join(' · ');
}
