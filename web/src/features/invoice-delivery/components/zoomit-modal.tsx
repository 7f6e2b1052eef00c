import { useState } from 'react';
import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { ZOOMIT_BANKS, ZoomitBody as ZoomitSchema, zoomitBankOfIban } from '@mandate/contracts/invoice-delivery';
import { electronicIban, formatIban } from '@mandate/domain/iban';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { useSchemaForm } from '../../../lib/form.ts';
import { isStale, useRequestZoomit, useZoomitBanks, type DeliverySetting, type ZoomitBody } from '../api/delivery-api.ts';
import { useDeliveryI18n } from '../i18n/delivery-i18n.ts';
import { Dialog } from '../../../components/dialog.tsx';
import { setFieldProblems } from './field-problems.ts';

interface ZoomitModalProps {
  customerId: string;
  setting: DeliverySetting;
  onClose: () => void;
  onDone: (setting: DeliverySetting) => void;
}

type Values = { bic: string; iban: string };

/**
 * Zoomit (EBL-6, EBL-7): the bank, among those that offer Zoomit, and the account's IBAN (checked
 * here as the server checks it: valid, and an account at that bank by its Belgian bank code; an
 * IBAN of a bank in the list chooses that bank); then the IBAN is shown again to be checked before
 * the invitation leaves. The account is invited from the next billing cycle; it switches when the
 * customer accepts.
 */
export function ZoomitModal({ customerId, setting, onClose, onDone }: ZoomitModalProps) {
  const { t, td } = useDeliveryI18n();
  const ibanProblem = (values: Values): string | null => {
    if (values.iban.trim() === '') return null;
    const iban = electronicIban(values.iban);
    if (!iban) return td('delivery.zoomit.ibanInvalid');
    if (values.bic === '') return null;
    const country = values.bic.slice(4, 6);
    if (iban.slice(0, 2) !== country) return td('delivery.zoomit.ibanCountry', { country });
    const holder = zoomitBankOfIban(iban);
    if (holder && holder.bic !== values.bic) {
      return td('delivery.zoomit.ibanNotOfBank', { bank: ZOOMIT_BANKS.find((b) => b.bic === values.bic)?.name ?? values.bic });
    }
    return null;
  };
  const banks = useZoomitBanks(customerId);
  const mutation = useRequestZoomit(customerId);
  const [confirming, setConfirming] = useState(false);
  const form = useSchemaForm<Values, ZoomitBody>({
    initialValues: { bic: '', iban: '' },
    schema: ZoomitSchema,
    toBody: (values) => ({ iban: values.iban.trim(), bic: values.bic }),
    refine: (values) => ({ iban: ibanProblem(values) }),
  });
  const values = form.getValues();
  const number = setting.billingAccountNumber;
  const bankName = banks.data?.items.find((b) => b.bic === values.bic)?.name ?? values.bic;

  const send = () => {
    mutation.mutate({ setting, body: { iban: electronicIban(values.iban) ?? values.iban.trim(), bic: values.bic } }, {
      onSuccess: onDone,
      onError: (error) => {
        const texts = {
          bic: td('delivery.zoomit.unsupportedBank'),
          iban: ibanProblem(values) ?? (error instanceof ApiError && error.code === 'iban_not_of_bank'
            ? td('delivery.zoomit.ibanNotOfBank', { bank: bankName })
            : td('delivery.zoomit.ibanInvalid')),
        };
        if (setFieldProblems(form, error, texts, t('form.invalid'))) setConfirming(false);
      },
    });
  };

  return (
    <Dialog opened onClose={onClose} title={confirming ? td('delivery.zoomit.confirmTitle') : td('delivery.zoomit.title', { number })} size="lg" centered>
      {confirming ? (
        <Stack gap="md" data-testid="zoomit-confirm-step">
          <Text>{td('delivery.zoomit.confirmText', { number, bank: bankName })}</Text>
          <Alert color="gray" variant="light">
            <Text fw={700} size="lg" ff="monospace" data-testid="zoomit-confirm-iban">{formatIban(values.iban)}</Text>
          </Alert>
          <Text size="sm">{td('delivery.zoomit.confirmHint')}</Text>
          {isStale(mutation.error) ? (
            <Alert color="orange" variant="light" role="alert" data-testid="modal-error">{td('delivery.stale')}</Alert>
          ) : (
            <ProblemAlert error={mutation.error} testId="modal-error" />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-testid="zoomit-edit">{td('delivery.zoomit.edit')}</Button>
            <Button loading={mutation.isPending} onClick={send} data-autofocus data-testid="zoomit-confirm">{td('delivery.zoomit.send')}</Button>
          </Group>
        </Stack>
      ) : (
        <form noValidate onSubmit={form.onSubmit(() => setConfirming(true))}>
          <Stack gap="md">
            <Text size="sm">{td('delivery.zoomit.intro')}</Text>
            {banks.error ? <ProblemAlert error={banks.error} onRetry={() => void banks.refetch()} /> : null}
            <Select
              label={td('delivery.zoomit.bank')}
              placeholder={td('delivery.zoomit.bankPlaceholder')}
              data={(banks.data?.items ?? []).map((b) => ({ value: b.bic, label: b.name }))}
              searchable
              required
              allowDeselect={false}
              disabled={banks.isPending}
              data-testid="zoomit-bank"
              {...form.getInputProps('bic')}
              onChange={(value) => form.setFieldValue('bic', value ?? '')}
            />
            <TextInput
              label={td('delivery.zoomit.iban')}
              description={td('delivery.zoomit.ibanHint')}
              autoComplete="off"
              spellCheck={false}
              required
              maxLength={64}
              data-testid="zoomit-iban"
              {...form.getInputProps('iban')}
              onChange={(event) => {
                const typed = event.currentTarget.value;
                form.setFieldValue('iban', typed);
                const bank = zoomitBankOfIban(electronicIban(typed) ?? '');
                if (bank && banks.data?.items.some((b) => b.bic === bank.bic)) form.setFieldValue('bic', bank.bic);
              }}
            />
            {isStale(mutation.error) ? (
              <Alert color="orange" variant="light" role="alert" data-testid="modal-error">{td('delivery.stale')}</Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} data-testid="zoomit-cancel">{t('common.cancel')}</Button>
              <Button type="submit" data-testid="zoomit-submit">{td('delivery.zoomit.next')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Dialog>
  );
}
