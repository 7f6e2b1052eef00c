import { useState } from 'react';
import { Alert, Button, Group, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { GreenBillBody as GreenBillSchema, NOTIFY_BY, type NotifyBy } from '@mandate/contracts/invoice-delivery';
import { isBelgianMobile, parseMsisdn } from '@mandate/domain/msisdn';
import { LANGUAGES, type Language } from '@mandate/domain/profiles';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { oneOf } from '../../../lib/url-state.ts';
import { isStale, useRequestGreenBill, type DeliverySetting, type GreenBillBody } from '../api/delivery-api.ts';
import { useDeliveryI18n } from '../i18n/delivery-i18n.ts';
import { Dialog } from '../../../components/dialog.tsx';
import { setFieldProblems } from './field-problems.ts';

interface GreenBillModalProps {
  customerId: string;
  setting: DeliverySetting;
  /** The numbers of every fixed-services account the user sees: one activation covers them all. */
  fixedNumbers: string[];
  onClose: () => void;
  /** After the change: 'sent' (a verification mail went to the address) or 'notify' (same address, only the announcement changed). */
  onDone: (outcome: 'sent' | 'notify', setting: DeliverySetting) => void;
}

type Values = { email: string; mobile: string; notify: NotifyBy; language: Language };

/** EBL-3: SMS announcements need a number that takes them, as the server checks it: not a Belgian fixed line. */
function isGreenBillMobile(input: string): boolean {
  const e164 = parseMsisdn(input);
  return e164 !== null && (!e164.startsWith('+32') || isBelgianMobile(e164));
}

/**
 * GreenBill (EBL-1..4, EBL-7): the address, the mobile number for SMS announcements and how new
 * invoices are announced; then the address is shown again to be checked before the verification
 * mail leaves. The login e-mail never changes.
 */
export function GreenBillModal({ customerId, setting, fixedNumbers, onClose, onDone }: GreenBillModalProps) {
  const { t, td, language } = useDeliveryI18n();
  const mutation = useRequestGreenBill(customerId);
  const [confirming, setConfirming] = useState(false);
  const form = useSchemaForm<Values, GreenBillBody>({
    initialValues: { email: '', mobile: '', notify: setting.notify ?? 'email', language },
    schema: GreenBillSchema,
    toBody: (values) => ({ email: values.email.trim(), mobile: values.mobile.trim() || null, notify: values.notify, language: values.language }),
    // Checked before the address is shown again, so what is confirmed is what the server takes
    // (the address by the schema's format, as the server checks it).
    refine: (values) => {
      const mobile = values.mobile.trim();
      return { mobile: mobile === '' ? values.notify !== 'email' && td('delivery.greenbill.mobileNeeded') : !isGreenBillMobile(mobile) && td('delivery.greenbill.mobileInvalid') };
    },
  });
  const values = form.getValues();
  const fixed = setting.billingAccountType === 'fix';
  const numbers = fixed && fixedNumbers.length > 0 ? fixedNumbers : [setting.billingAccountNumber];
  const number = setting.billingAccountNumber;

  const send = () => {
    const body: GreenBillBody = { email: values.email.trim(), mobile: values.mobile.trim() || null, notify: values.notify, language: values.language };
    mutation.mutate({ setting, body }, {
      onSuccess: (result) => onDone(result.state === 'pending' ? 'sent' : 'notify', result),
      onError: (error) => {
        const texts = {
          email: t('form.email'),
          mobile: values.mobile.trim() === '' ? td('delivery.greenbill.mobileNeeded') : td('delivery.greenbill.mobileInvalid'),
        };
        if (setFieldProblems(form, error, texts, t('form.invalid'))) setConfirming(false);
      },
    });
  };

  return (
    <Dialog
      opened
      onClose={onClose}
      title={confirming ? td('delivery.greenbill.confirmTitle') : td('delivery.greenbill.title', { number })}
      size="lg"
      centered
    >
      {confirming ? (
        <Stack gap="md" data-testid="greenbill-confirm-step">
          <Text>{td('delivery.greenbill.confirmText', { numbers: numbers.join(', ') })}</Text>
          <Alert color="gray" variant="light">
            <Text fw={700} size="lg" style={{ wordBreak: 'break-all' }} data-testid="greenbill-confirm-email">{values.email.trim()}</Text>
            {values.mobile.trim() ? <Text size="sm">{td('delivery.greenbill.confirmMobile', { mobile: values.mobile.trim() })}</Text> : null}
            <Text size="sm">{td('delivery.greenbill.confirmNotify', { notify: td(`delivery.notify.${values.notify}`) })}</Text>
          </Alert>
          <Text size="sm">{td('delivery.greenbill.confirmHint')}</Text>
          {isStale(mutation.error) ? (
            <Alert color="orange" variant="light" role="alert" data-testid="modal-error">{td('delivery.stale')}</Alert>
          ) : (
            <ProblemAlert error={mutation.error} testId="modal-error" />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-testid="greenbill-edit">{td('delivery.greenbill.edit')}</Button>
            <Button loading={mutation.isPending} onClick={send} data-autofocus data-testid="greenbill-confirm">{td('delivery.greenbill.send')}</Button>
          </Group>
        </Stack>
      ) : (
        <form noValidate onSubmit={form.onSubmit(() => setConfirming(true))}>
          <Stack gap="md">
            <Text size="sm">{td('delivery.greenbill.intro')}</Text>
            {fixed ? (
              <Alert color="blue" variant="light" data-testid="greenbill-fixed">{td('delivery.greenbill.fixed', { numbers: numbers.join(', ') })}</Alert>
            ) : null}
            <TextInput
              type="email"
              label={td('delivery.greenbill.email')}
              description={td('delivery.greenbill.emailHint')}
              autoComplete="email"
              required
              maxLength={254}
              data-autofocus
              data-testid="greenbill-email"
              {...form.getInputProps('email')}
            />
            <Radio.Group
              label={td('delivery.greenbill.notify')}
              value={values.notify}
              onChange={(value) => form.setFieldValue('notify', oneOf(value, NOTIFY_BY) ?? 'email')}
              required
            >
              <Group gap="lg" mt={6}>
                {NOTIFY_BY.map((n) => (
                  <Radio key={n} value={n} label={td(`delivery.notify.${n}`)} data-testid={`greenbill-notify-${n}`} />
                ))}
              </Group>
            </Radio.Group>
            <TextInput
              type="tel"
              label={td('delivery.greenbill.mobile')}
              description={td('delivery.greenbill.mobileHint')}
              autoComplete="tel"
              required={values.notify !== 'email'}
              maxLength={40}
              data-testid="greenbill-mobile"
              {...form.getInputProps('mobile')}
            />
            <NativeSelect
              label={td('delivery.greenbill.language')}
              data={LANGUAGES.map((lang) => ({ value: lang, label: t(`language.${lang}`) }))}
              data-testid="greenbill-language"
              {...form.getInputProps('language')}
            />
            <Text size="sm" c="dimmed">{td('delivery.greenbill.loginUnchanged')}</Text>
            {isStale(mutation.error) ? (
              <Alert color="orange" variant="light" role="alert" data-testid="modal-error">{td('delivery.stale')}</Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} data-testid="greenbill-cancel">{t('common.cancel')}</Button>
              <Button type="submit" data-testid="greenbill-submit">{td('delivery.greenbill.next')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Dialog>
  );
}
