import { Badge } from '@mantine/core';
import type { MeCustomer } from '@mandate/contracts/me';
import type { Translate } from '../lib/i18n/i18n.tsx';

/** "via <parent>" for an affiliate (DLG-1), "delegated to <partner>" for a delegation (DLG-2), null for a member. */
export function relationLabel(t: Translate, customer: MeCustomer, customers: readonly MeCustomer[]): string | null {
  if (customer.relation === 'affiliate') {
    const parent = customers.find((c) => c.id === customer.viaCustomerId);
    return parent ? t('relation.affiliate', { parent: parent.name }) : t('relation.affiliateUnknown');
  }
  if (customer.relation === 'delegation') {
    return customer.partnerName ? t('relation.delegation', { partner: customer.partnerName }) : t('relation.delegationUnknown');
  }
  return null;
}

export function RelationBadge({ t, customer, customers }: { t: Translate; customer: MeCustomer; customers: readonly MeCustomer[] }) {
  const label = relationLabel(t, customer, customers);
  if (!label) return null;
  return (
    <Badge size="sm" variant="light" color={customer.relation === 'affiliate' ? 'grape' : 'orange'} tt="none" data-testid="relation-badge">
      {label}
    </Badge>
  );
}
