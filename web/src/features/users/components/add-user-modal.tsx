import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { ApiError } from '../../../lib/api-client.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useCreateUser } from '../api/create-user.ts';
import { useGrantableProfiles } from '../api/get-grantable-profiles.ts';
import { UserForm, emptyUserForm, serverFieldErrors, validateUserForm, type UserFormErrors, type UserFormValues } from './user-form.tsx';

interface AddUserModalProps {
  customerId: string;
  customerName: string;
  opened: boolean;
  onClose: () => void;
  onAdded: (message: string) => void;
}

/** "Add user": invites an unknown e-mail, or adds an existing portal user (ROLE-2/3/6/7). */
export function AddUserModal({ customerId, customerName, opened, onClose, onAdded }: AddUserModalProps) {
  const { t, language } = useI18n();
  const [values, setValues] = useState<UserFormValues>(() => emptyUserForm(language));
  const [errors, setErrors] = useState<UserFormErrors>({});
  const grantable = useGrantableProfiles(customerId, opened);
  const create = useCreateUser(customerId);

  const close = () => {
    setValues(emptyUserForm(language));
    setErrors({});
    create.reset();
    onClose();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateUserForm(t, values, true);
    setErrors(found);
    if (Object.keys(found).length > 0 || !values.profile || !values.employmentBasis) return;
    create.mutate(
      {
        email: values.email.trim(), firstName: values.firstName.trim(), lastName: values.lastName.trim(), language: values.language,
        profile: values.profile, subProfiles: values.subProfiles, employmentBasis: values.employmentBasis,
        employmentEnd: values.employmentEnd || null,
      },
      {
        onSuccess: (result) => {
          onAdded(result.invited ? t('userAdmin.invited', { email: result.user.email }) : t('userAdmin.added', { email: result.user.email, customer: customerName }));
          close();
        },
        onError: (error) => setErrors(serverFieldErrors(error)),
      },
    );
  };

  const profiles = grantable.data?.profiles ?? [];
  const failure = create.error instanceof ApiError ? create.error.problem : null;

  return (
    <Modal opened={opened} onClose={close} title={t('userAdmin.addTitle', { customer: customerName })} size="lg" centered>
      <form onSubmit={submit} noValidate data-testid="add-user-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('userAdmin.addIntro')}
          </Text>
          {failure && !failure.errors ? (
            <Alert color="red" variant="light" title={failure.title} role="alert" data-testid="user-form-error">
              {failure.detail}
            </Alert>
          ) : null}
          {grantable.isSuccess && profiles.length === 0 ? (
            <Alert color="yellow" variant="light">{t('userAdmin.error.noProfiles')}</Alert>
          ) : null}
          <UserForm values={values} onChange={setValues} errors={errors} grantable={profiles} withEmail />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('userAdmin.cancel')}
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
