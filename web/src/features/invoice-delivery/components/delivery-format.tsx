import { Badge } from '@mantine/core';
import type { DeliverySetting, DeliveryStatus } from '../api/delivery-api.ts';
import { useDeliveryI18n } from '../i18n/delivery-i18n.ts';
import type { DeliveryKey } from '../i18n/delivery-en.ts';

/** Badges show their whole word (a narrow card would otherwise cut it). */
const WHOLE = { root: { flexShrink: 0 }, label: { overflow: 'visible' } } as const;

type Shown = 'paper' | 'greenbill' | 'zoomit' | 'peppol' | 'pending' | 'invited';

/** What a card says: the active channel, or what waits (an address to confirm, a bank's answer). */
export function shownState(setting: Pick<DeliverySetting, 'state' | 'channel'>): Shown {
  if (setting.state === 'active') return setting.channel;
  return setting.state;
}

const STATE_COLORS: Record<Shown, string> = { paper: 'gray', greenbill: 'green', zoomit: 'teal', peppol: 'indigo', pending: 'orange', invited: 'blue' };
const STATE_KEYS: Record<Shown, DeliveryKey> = {
  paper: 'delivery.state.paper', greenbill: 'delivery.state.greenbill', zoomit: 'delivery.state.zoomit', peppol: 'delivery.state.peppol',
  pending: 'delivery.state.pending', invited: 'delivery.state.invited',
};

export function DeliveryStateBadge({ setting }: { setting: Pick<DeliverySetting, 'state' | 'channel'> }) {
  const { td } = useDeliveryI18n();
  const shown = shownState(setting);
  return (
    <Badge size="lg" color={STATE_COLORS[shown]} variant="light" tt="none" styles={WHOLE} data-testid="delivery-state" data-state={setting.state} data-channel={setting.channel}>
      {td(STATE_KEYS[shown])}
    </Badge>
  );
}

const STATUS_COLORS: Record<DeliveryStatus, string> = { pending: 'gray', queued: 'blue', sent: 'teal', delivered: 'green', bounced: 'orange', failed: 'red' };

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { td } = useDeliveryI18n();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" tt="none" styles={WHOLE} data-testid="delivery-status" data-status={status}>
      {td(`delivery.status.${status}`)}
    </Badge>
  );
}
