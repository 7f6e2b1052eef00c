import { Group, Select, Stack, Text, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import type { MeCustomer } from '@mandate/contracts/me';
import { RelationBadge } from '../../components/relation-badge.tsx';
import { displayEnterpriseNumber } from '../../lib/format.ts';
import { useI18n } from '../../lib/i18n/i18n.tsx';

interface CustomerSwitcherProps {
  customers: MeCustomer[];
  value: string | null;
  onChange: (customerId: string) => void;
}

const digits = (value: string) => value.replace(/\D/g, '');

/** Lists the customers the user can act for: name, enterprise number and how he acts for it. */
export function CustomerSwitcher({ customers, value, onChange }: CustomerSwitcherProps) {
  const { t } = useI18n();
  const byId = new Map(customers.map((c) => [c.id, c]));

  // Type to find a customer by (part of) its name or enterprise number.
  const filter: OptionsFilter = ({ options, search }) => {
    const needle = search.trim().toLowerCase();
    if (!needle) return options;
    return (options as ComboboxItem[]).filter((option) => {
      const customer = byId.get(option.value);
      return (
        option.label.toLowerCase().includes(needle) ||
        (digits(needle).length > 0 && customer !== undefined && customer.enterpriseNumber.includes(digits(needle)))
      );
    });
  };

  return (
    <Select
      data-testid="customer-switcher"
      aria-label={t('layout.customer')}
      placeholder={t('layout.noCustomer')}
      data={customers.map((c) => ({ value: c.id, label: c.name }))}
      value={value}
      onChange={(next) => {
        if (next) onChange(next);
      }}
      allowDeselect={false}
      searchable
      filter={filter}
      disabled={customers.length === 0}
      w={{ base: '100%', sm: 300 }}
      miw={0}
      maw={300}
      maxDropdownHeight={360}
      comboboxProps={{ width: 'min(380px, calc(100vw - 16px))', position: 'bottom-start' }}
      renderOption={({ option, checked }) => {
        const customer = byId.get(option.value);
        if (!customer) return option.label;
        return (
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Text size="sm" w={14} c="indigo" aria-hidden>
              {checked ? '✓' : ''}
            </Text>
            <Stack gap={2}>
              <Text size="sm" fw={500}>
                {customer.name}
              </Text>
              <Group gap={6}>
                <Text size="xs" c="dimmed">
                  {displayEnterpriseNumber(customer.enterpriseNumber)}
                </Text>
                <RelationBadge t={t} customer={customer} customers={customers} />
              </Group>
            </Stack>
          </Group>
        );
      }}
    />
  );
}
