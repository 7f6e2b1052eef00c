import { Checkbox, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { CreateUserBody, UpdateUserBody } from '@mandate/contracts/users';
import { brusselsDate } from '@mandate/domain/dates';
import { EMPLOYMENT_BASES, LANGUAGES, SUB_PROFILES, type EmploymentBasis, type Language, type Profile, type SubProfile } from '@mandate/domain/profiles';
import { DateField } from '../../../components/date-field.tsx';
import { profileLabel, subProfileLabel } from '../../../components/profile-badges.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { hasSubProfiles } from '@mandate/authz/profile-access';

export interface UserFormValues extends Record<string, unknown> {
  email: string;
  firstName: string;
  lastName: string;
  language: Language;
  profile: Profile | null;
  subProfiles: SubProfile[];
  employmentBasis: EmploymentBasis | null;
  employmentEnd: string;
}

export const emptyUserForm = (language: Language): UserFormValues => ({
  email: '', firstName: '', lastName: '', language, profile: null, subProfiles: [], employmentBasis: null, employmentEnd: '',
});

/** The request body the form makes (POST …/users; PATCH takes the same fields but the e-mail). */
export function userBody(v: UserFormValues) {
  return {
    email: v.email.trim(),
    firstName: v.firstName.trim(),
    lastName: v.lastName.trim(),
    language: v.language,
    profile: v.profile,
    subProfiles: hasSubProfiles(v.profile) ? v.subProfiles : [],
    employmentBasis: v.employmentBasis,
    employmentEnd: v.employmentEnd || null,
  };
}

/** The user form, validated by CreateUserBody (or UpdateUserBody without the e-mail); ROLE-7: no end date in the past. */
export function useUserForm(initialValues: UserFormValues, withEmail: boolean): UseFormReturnType<UserFormValues> {
  return useSchemaForm({
    initialValues,
    schema: withEmail ? CreateUserBody : UpdateUserBody,
    toBody: (values) => {
      const { email, ...rest } = userBody(values);
      return withEmail ? { email, ...rest } : rest;
    },
    refine: (values, t) => ({
      employmentEnd: values.employmentEnd !== '' && values.employmentEnd < brusselsDate(new Date()) && t('userAdmin.error.pastDate'),
    }),
  });
}

interface UserFormProps {
  form: UseFormReturnType<UserFormValues>;
  /** The profiles the signed-in user may give (canGrant on the server); the current one stays selectable. */
  grantable: readonly Profile[];
  withEmail: boolean;
  /** False when the signed-in user may not change this user's profile. */
  profileEditable?: boolean;
}

/** The fields of a user (ROLE-1, ROLE-7): shared by "Add user" and the edit form. */
export function UserForm({ form, grantable, withEmail, profileEditable = true }: UserFormProps) {
  const { t } = useI18n();
  const values = form.getValues();
  const profiles = values.profile && !grantable.includes(values.profile) ? [...grantable, values.profile] : grantable;

  return (
    <Stack gap="sm">
      {withEmail ? (
        <TextInput label={t('userAdmin.field.email')} type="email" required autoComplete="off" data-testid="user-form-email" {...form.getInputProps('email')} />
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label={t('userAdmin.field.firstName')} required data-testid="user-form-first-name" {...form.getInputProps('firstName')} />
        <TextInput label={t('userAdmin.field.lastName')} required data-testid="user-form-last-name" {...form.getInputProps('lastName')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('userAdmin.field.language')}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
          allowDeselect={false}
          data-testid="user-form-language"
          {...form.getInputProps('language')}
        />
        <Select
          label={t('userAdmin.field.profile')}
          required
          data={profiles.map((p) => ({ value: p, label: profileLabel(t, p) }))}
          disabled={!profileEditable}
          allowDeselect={false}
          data-testid="user-form-profile"
          {...form.getInputProps('profile')}
          onChange={(value) => {
            form.setFieldValue('profile', value as Profile | null);
            if (!hasSubProfiles(value)) form.setFieldValue('subProfiles', []);
          }}
        />
      </SimpleGrid>
      {hasSubProfiles(values.profile) ? (
        <Checkbox.Group label={t('userAdmin.field.subProfiles')} {...form.getInputProps('subProfiles')}>
          <Group gap="md" mt={4}>
            {SUB_PROFILES.map((sp) => (
              <Checkbox key={sp} value={sp} label={subProfileLabel(t, sp)} data-testid={`user-form-sub-profile-${sp}`} />
            ))}
          </Group>
        </Checkbox.Group>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('userAdmin.field.employmentBasis')}
          required
          data={EMPLOYMENT_BASES.map((b) => ({ value: b, label: t(`userAdmin.basis.${b}`) }))}
          allowDeselect={false}
          data-testid="user-form-employment-basis"
          {...form.getInputProps('employmentBasis')}
        />
        <DateField
          label={t('userAdmin.field.employmentEnd')}
          description={t('userAdmin.field.employmentEndHint')}
          minDate={brusselsDate(new Date())}
          testId="user-form-employment-end"
          {...form.getInputProps('employmentEnd')}
        />
      </SimpleGrid>
    </Stack>
  );
}
