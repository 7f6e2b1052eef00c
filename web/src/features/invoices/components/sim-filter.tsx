import { useEffect, useMemo, useState } from 'react';
import { Loader, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useSimOptions } from '../api/invoices-api.ts';
import { useInvoicesI18n } from '../i18n/invoices-i18n.ts';

/** Keeps what may be part of a number search (the API refuses other characters); no digit → no search. */
function numberSearch(input: string): string | null {
  const cleaned = input.replace(/[^0-9 +./()-]/g, '').trim().slice(0, 30);
  return /\d/.test(cleaned) ? cleaned : null;
}

interface SimFilterProps {
  customerId: string;
  /** The chosen SIM's id, or null for every line. */
  value: string | null;
  /** The chosen SIM's number where the page already knows it (a link opened with the SIM in its URL). */
  knownMsisdn: string | null;
  onChange: (simId: string | null) => void;
  testId: string;
}

/**
 * A searchable choice of one SIM card among those the user may see, searched by number on the
 * server (a customer may have thousands of lines; a Service User gets his own only).
 */
export function SimFilter({ customerId, value, knownMsisdn, onChange, testId }: SimFilterProps) {
  const { t, ti } = useInvoicesI18n();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<{ id: string; msisdn: string } | null>(null);
  const [debounced] = useDebouncedValue(search, 250);
  const chosenLabel = value === null ? null : chosen?.id === value ? chosen.msisdn : knownMsisdn;
  // The field shows the chosen number as its text: that is no search.
  const q = debounced === chosenLabel ? null : numberSearch(debounced);
  const sims = useSimOptions(customerId, q);
  // A SIM chosen by a link (its id in the URL): its number once the list or the page shows it.
  useEffect(() => {
    if (value === null || chosen?.id === value) return;
    const msisdn = sims.data?.items.find((sim) => sim.id === value)?.msisdn ?? knownMsisdn;
    if (msisdn) setChosen({ id: value, msisdn });
  }, [value, chosen, sims.data, knownMsisdn]);

  const options = useMemo(() => {
    const list = (sims.data?.items ?? []).map((sim) => ({ value: sim.id, label: sim.msisdn, user: sim.endUser?.name ?? null }));
    // The chosen line stays an option while the search moves on, so that the field keeps its number.
    if (value !== null && !list.some((o) => o.value === value)) list.unshift({ value, label: chosenLabel ?? ti('invoices.filter.simChosen'), user: null });
    return list;
  }, [sims.data, value, chosenLabel, ti]);
  const users = useMemo(() => new Map(options.map((o) => [o.value, o.user])), [options]);

  return (
    <Select
      label={ti('invoices.calls.sim')}
      placeholder={ti('invoices.filter.any')}
      description={ti('invoices.filter.simHelp')}
      searchable
      clearable
      data={options.map(({ value: id, label }) => ({ value: id, label }))}
      value={value}
      onChange={(id) => {
        const option = options.find((o) => o.value === id);
        setChosen(id && option ? { id, msisdn: option.label } : null);
        onChange(id);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      // The server searched already: show its answer as is.
      filter={({ options: all }) => all}
      nothingFoundMessage={sims.isFetching ? t('common.loading') : ti('invoices.filter.simNone')}
      rightSection={sims.isFetching ? <Loader size="xs" aria-label={t('common.loading')} /> : undefined}
      error={sims.error ? ti('invoices.filter.simError') : null}
      renderOption={({ option }) => {
        const user = users.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            {user ? <Text size="xs" c="dimmed">{user}</Text> : null}
          </Stack>
        );
      }}
      w={{ base: '100%', sm: 240 }}
      data-testid={testId}
    />
  );
}
