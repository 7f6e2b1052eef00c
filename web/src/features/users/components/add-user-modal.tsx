import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { CreateUserBody } from '@mandate/contracts/users';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { setServerErrors } from '../../../lib/form.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useCreateUser, useGrantableProfiles } from '../api/users-api.ts';
import { UserForm, emptyUserForm, useUserForm, userBody } from './user-form.tsx';

interface AddUserModalProps {
  customerId: string;
  customerName: string;
  onClose: () => void;
  onAdded: (message: string) => void;
}

/** "Add user": invites a person to the customer by e-mail (ROLE-2/3/6/7). */
export function AddUserModal({ customerId, customerName, onClose, onAdded }: AddUserModalProps) {
  const { t, language } = useI18n();
  const form = useUserForm(emptyUserForm(language), true);
  const grantable = useGrantableProfiles(customerId);
  const create = useCreateUser(customerId);

  const submit = form.onSubmit((values) => {
    create.mutate(userBody(values) as CreateUserBody, {
      onSuccess: (result) => {
        onAdded(result.invited ? t('userAdmin.invited', { email: result.user.email }) : t('userAdmin.added', { email: result.user.email, customer: customerName }));
        onClose();
      },
      onError: (error) => setServerErrors(form, error),
    });
  });

  const profiles = grantable.data?.profiles ?? [];

  return (
    <Modal opened onClose={onClose} title={t('userAdmin.addTitle', { customer: customerName })} size="lg" centered>
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
    </Modal>
  );
}
