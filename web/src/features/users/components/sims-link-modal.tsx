import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Group, Loader, Select, Stack, Text, type ComboboxItem } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { SimListItem } from '@mandate/contracts/sims';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useCustomerSims } from '../api/users-api.ts';
import { Dialog } from '../../../components/dialog.tsx';

interface SimsLinkModalProps {
  opened: boolean;
  customerId: string;
  userId: string;
  /** The user's name, in the texts. */
  name: string;
  /** The SIMs he already uses (offered disabled). */
  linkedIds: readonly string[];
  saving: boolean;
  error: unknown;
  onLink: (sim: SimListItem) => void;
  onClose: () => void;
}

/** Keeps what may be part of a number search (the API refuses other characters); no digit → no search. */
function numberSearch(input: string): string | undefined {
  const cleaned = input.replace(/[^0-9 +./()-]/g, '').trim().slice(0, 30);
  return /\d/.test(cleaned) ? cleaned : undefined;
}

/**
 * "Link a line". A searchable picker of the SIMs the signed-in user may update
 * (server search by number, optionally only lines without an end user). A line used by someone
 * else shows who, and linking it is an explicit "move".
 */
export function SimsLinkModal({ opened, customerId, userId, name, linkedIds, saving, error, onLink, onClose }: SimsLinkModalProps) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [unassignedOnly, setUnassignedOnly] = useState(false);
  const [selected, setSelected] = useState<SimListItem | null>(null);
  const [debounced] = useDebouncedValue(search, 250);
  const q = numberSearch(debounced);
  const sims = useCustomerSims(customerId, { limit: 20, updatable: true, ...(q ? { q } : {}), ...(unassignedOnly ? { unassigned: true } : {}) }, opened);

  const items = useMemo(() => {
    const list = sims.data?.items ?? [];
    // The chosen line stays an option while the search moves on (the picker shows its label).
    return selected && !list.some((s) => s.id === selected.id) ? [selected, ...list] : list;
  }, [sims.data, selected]);
  const byId = useMemo(() => new Map(items.map((s) => [s.id, s])), [items]);
  const data: ComboboxItem[] = items.map((s) => ({ value: s.id, label: s.msisdn, disabled: linkedIds.includes(s.id) }));

  const describe = (sim: SimListItem): string => {
    if (linkedIds.includes(sim.id)) return t('sims.alreadyLinked');
    if (!sim.endUser) return t('sims.free');
    return t('sims.usedBy', { name: sim.endUser.name });
  };
  const movingFrom = selected?.endUser && selected.endUser.id !== userId ? selected.endUser.name : null;

  return (
    <Dialog opened={opened} onClose={onClose} title={t('sims.linkTitle', { name })} centered size="lg">
      <Stack gap="md">
        <Checkbox
          label={t('sims.unassignedOnly')}
          checked={unassignedOnly}
          onChange={(event) => setUnassignedOnly(event.currentTarget.checked)}
          data-testid="sims-unassigned-only"
        />
        <Select
          label={t('sims.pickerLabel')}
          placeholder={t('sims.pickerPlaceholder')}
          description={t('sims.pickerHelp')}
          searchable
          clearable
          data={data}
          value={selected?.id ?? null}
          onChange={(value) => setSelected(value ? byId.get(value) ?? null : null)}
          searchValue={search}
          onSearchChange={setSearch}
          // The server searched already: show its answer as is.
          filter={({ options }) => options}
          nothingFoundMessage={sims.isFetching ? t('sims.searching') : t('sims.nothingFound')}
          rightSection={sims.isFetching ? <Loader size="xs" /> : undefined}
          renderOption={({ option }) => {
            const sim = byId.get(option.value);
            return (
              <Stack gap={0}>
                <Text size="sm">{option.label}</Text>
                {sim ? (
                  <Text size="xs" c="dimmed">
                    {[sim.costCentreName ?? t('sims.noCostCentre'), sim.billingAccountNumber, describe(sim)].join(' · ')}
                  </Text>
                ) : null}
              </Stack>
            );
          }}
          comboboxProps={{ withinPortal: true }}
          data-testid="sims-picker"
          data-autofocus
        />
        <ProblemAlert error={sims.error} />
        {selected && movingFrom ? (
          <Alert color="orange" variant="light" title={t('sims.moveTitle')} data-testid="sims-move-warning">
            {t('sims.moveText', { msisdn: selected.msisdn, from: movingFrom, to: name })}
          </Alert>
        ) : null}
        <ProblemAlert error={error} testId="sims-link-error" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            onClick={() => selected && onLink(selected)}
            disabled={!selected}
            loading={saving}
            color={movingFrom ? 'orange' : undefined}
            data-testid="sims-link-confirm"
          >
            {movingFrom ? t('sims.moveConfirm', { name }) : t('sims.linkConfirm')}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
