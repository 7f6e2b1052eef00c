import { useState } from 'react';
import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { EndContractBody } from '@mandate/contracts/delegations';
import { brusselsDate } from '@mandate/domain/dates';
import { expiryDate } from '@mandate/domain/retention';
import { DateField } from '../../../components/date-field.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { formatDate } from '../../../lib/format.ts';
import { setServerErrors, useSchemaForm } from '../../../lib/form.ts';
import { useEndContract } from '../api/backoffice-api.ts';
import { useBackofficeI18n } from '../i18n/backoffice-i18n.ts';
import { Dialog } from '../../../components/dialog.tsx';

interface EndContractModalProps {
  customer: { id: string; name: string };
  onClose: () => void;
  /** After the end was recorded, with the last day of the contract. */
  onDone: (contractEnd: string) => void;
}

/**
 * RET-2: operator staff record the last day of a customer's contract, once it has ended (today at
 * the latest), and why. It cannot be undone and its users lose access at once, so the dialog says
 * so and shows the day the personal data will be erased before anything is sent.
 */
export function EndContractModal({ customer, onClose, onDone }: EndContractModalProps) {
  const { t, tb, locale, localise } = useBackofficeI18n();
  const mutation = useEndContract();
  const today = brusselsDate(new Date());
  // A refusal that names the date is said on the field, not a second time in the dialog.
  const [onField, setOnField] = useState(false);
  const form = useSchemaForm({
    initialValues: { contractEnd: today, reason: '' },
    schema: EndContractBody,
    toBody: (values): EndContractBody => ({ contractEnd: values.contractEnd, reason: values.reason.trim() }),
    refine: (values) => ({ contractEnd: values.contractEnd > today && tb('bo.contract.problem.future') }),
  });
  const { contractEnd } = form.getValues();
  const erasedOn = contractEnd && contractEnd <= today ? expiryDate('personal_data', contractEnd) : null;

  const submit = form.onSubmit((values) => {
    setOnField(false);
    mutation.mutate(
      { id: customer.id, contractEnd: values.contractEnd, reason: values.reason.trim() },
      { onSuccess: () => onDone(values.contractEnd), onError: (error) => setOnField(setServerErrors(form, error)) },
    );
  });

  return (
    <Dialog opened onClose={onClose} title={tb('bo.contract.endTitle', { customer: customer.name })} centered>
      <form noValidate onSubmit={submit} data-testid="end-contract-form">
        <Stack gap="md">
          <Alert color="red" variant="light" title={tb('bo.contract.warningTitle')} data-testid="end-contract-warning">
            <Text size="sm">{tb('bo.contract.warning', { customer: customer.name })}</Text>
            {erasedOn ? (
              <Text size="sm" mt="xs" data-testid="end-contract-erased-on">{tb('bo.contract.erasedOnPreview', { date: formatDate(erasedOn, locale) })}</Text>
            ) : null}
          </Alert>
          <DateField
            label={tb('bo.contract.lastDay')}
            description={tb('bo.contract.lastDayHint')}
            maxDate={today}
            required
            testId="end-contract-date"
            {...form.getInputProps('contractEnd')}
          />
          <Textarea
            label={t('dlg.reason')}
            required
            maxLength={1000}
            autosize
            minRows={2}
            data-autofocus
            data-testid="end-contract-reason"
            {...form.getInputProps('reason')}
          />
          {onField ? null : (
            <ProblemAlert
              error={localise(mutation.error, { contract_ended: tb('bo.contract.problem.contract_ended', { customer: customer.name }) })}
              testId="modal-error"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="end-contract-cancel">{t('common.cancel')}</Button>
            <Button type="submit" color="red" loading={mutation.isPending} data-testid="confirm-end-contract">{tb('bo.contract.end')}</Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
