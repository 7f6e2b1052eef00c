import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { CreateUserBody } from '@mandate/contracts/users';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { setServerErrors } from '../../../lib/form.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useCreateUser, useGrantableProfiles } from '../api/users-api.ts';
import { PresetRightsReview, presetRightKey, presetRights, reviewedRights } from './preset-rights-review.tsx';
import { UserForm, emptyUserForm, useUserForm, userBody } from './user-form.tsx';
import { hasSubProfiles } from '@mandate/authz/profile-access';
import { Dialog } from '../../../components/dialog.tsx';

interface AddUserModalProps {
  customerId: string;
  customerName: string;
  onClose: () => void;
  onAdded: (message: string) => void;
}

/**
 * "Add user": invites a person to the customer by e-mail (ROLE-2/3/6/7). A Support Portal User's
 * sub-profiles bring their preset rights, reviewed here and given with the invitation.
 */
export function AddUserModal({ customerId, customerName, onClose, onAdded }: AddUserModalProps) {
  const { t, language } = useI18n();
  const form = useUserForm(emptyUserForm(language), true);
  const grantable = useGrantableProfiles(customerId);
  const create = useCreateUser(customerId);
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());

  // The mail language follows the interface language (which may still settle on the user's own
  // preference after the page loads) until the administrator picks one himself.
  const followed = useRef(language);
  useEffect(() => {
    if (followed.current === language) return;
    if (form.getValues().language === followed.current) form.setFieldValue('language', language);
    followed.current = language;
  }, [form, language]);

  const values = form.getValues();
  const { rights, withheld } = presetRights(grantable.data?.presets, hasSubProfiles(values.profile) ? values.subProfiles : []);
  const toggle = (app: string, action: string, given: boolean) =>
    setUnticked((previous) => {
      const next = new Set(previous);
      if (given) next.delete(presetRightKey(app, action));
      else next.add(presetRightKey(app, action));
      return next;
    });

  const submit = form.onSubmit((formValues) => {
    const grants = reviewedRights(presetRights(grantable.data?.presets, hasSubProfiles(formValues.profile) ? formValues.subProfiles : []).rights, unticked);
    create.mutate({ ...userBody(formValues), ...(grants.length > 0 ? { grants } : {}) } as CreateUserBody, {
      onSuccess: (result) => {
        const email = result.user.email;
        onAdded(result.grants.length > 0
          ? t('userAdmin.invitedWithRights', { email, apps: result.grants.map((g) => t(`app.${g.app}`)).join(', ') })
          : t('userAdmin.invited', { email }));
        onClose();
      },
      onError: (error) => setServerErrors(form, error),
    });
  });

  const profiles = grantable.data?.profiles ?? [];

  return (
    <Dialog opened onClose={onClose} title={t('userAdmin.addTitle', { customer: customerName })} size="lg" centered>
      <form onSubmit={submit} noValidate data-testid="add-user-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('userAdmin.addIntro')}
          </Text>
          <ProblemAlert error={create.error} testId="user-form-error" />
          {grantable.isSuccess && profiles.length === 0 ? (
            <Alert color="yellow" variant="light">{t('userAdmin.error.noProfiles')}</Alert>
          ) : null}
          <UserForm form={form} grantable={profiles} withEmail />
          {hasSubProfiles(values.profile) && values.subProfiles.length > 0 && grantable.isSuccess ? (
            <PresetRightsReview t={t} rights={rights} withheld={withheld} unticked={unticked} onToggle={toggle} />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="user-form-submit">
              {t('userAdmin.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
