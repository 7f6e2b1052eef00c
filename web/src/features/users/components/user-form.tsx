import { Checkbox, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { EMPLOYMENT_BASES, LANGUAGES, SUB_PROFILES, type EmploymentBasis, type Language, type Profile, type SubProfile } from '@mandate/domain/profiles';
import { profileLabel, subProfileLabel } from '../../../components/profile-badges.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { useI18n, type Translate } from '../../../lib/i18n/i18n.tsx';

export interface UserFormValues {
  email: string;
  firstName: string;
  lastName: string;
  language: Language;
  profile: Profile | null;
  subProfiles: SubProfile[];
  employmentBasis: EmploymentBasis | null;
  employmentEnd: string;
}

export type UserFormErrors = Partial<Record<keyof UserFormValues, string>>;

export const emptyUserForm = (language: Language): UserFormValues => ({
  email: '', firstName: '', lastName: '', language, profile: null, subProfiles: [], employmentBasis: null, employmentEnd: '',
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Today in Brussels, as the server checks it (ROLE-7: no end date in the past). */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Client-side checks before sending (the server checks again and answers 400 with the field). */
export function validateUserForm(t: Translate, v: UserFormValues, withEmail: boolean): UserFormErrors {
  const errors: UserFormErrors = {};
  if (withEmail && !v.email.trim()) errors.email = t('userAdmin.error.required');
  else if (withEmail && !EMAIL.test(v.email.trim())) errors.email = t('userAdmin.error.email');
  if (!v.firstName.trim()) errors.firstName = t('userAdmin.error.required');
  if (!v.lastName.trim()) errors.lastName = t('userAdmin.error.required');
  if (!v.profile) errors.profile = t('userAdmin.error.required');
  if (!v.employmentBasis) errors.employmentBasis = t('userAdmin.error.required');
  if (v.employmentEnd && v.employmentEnd < today()) errors.employmentEnd = t('userAdmin.error.pastDate');
  return errors;
}

/** Maps a 400's `errors[].field` (e.g. body.employmentEnd) onto the form's fields; the rest stays a general message. */
export function serverFieldErrors(error: unknown): UserFormErrors {
  if (!(error instanceof ApiError)) return {};
  const out: UserFormErrors = {};
  for (const e of error.problem.errors ?? []) {
    const field = e.field.replace(/^body\./, '').split('.')[0] as keyof UserFormValues;
    out[field] = e.message;
  }
  return out;
}

interface UserFormProps {
  values: UserFormValues;
  onChange: (values: UserFormValues) => void;
  errors: UserFormErrors;
  /** The profiles the signed-in user may give (canGrant on the server); the current one stays selectable. */
  grantable: readonly Profile[];
  withEmail: boolean;
  /** False when the signed-in user may not change this user's profile. */
  profileEditable?: boolean;
}

/** The fields of a user (ROLE-1, ROLE-7): shared by "Add user" and the edit form. */
export function UserForm({ values, onChange, errors, grantable, withEmail, profileEditable = true }: UserFormProps) {
  const { t } = useI18n();
  const set = <K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) => onChange({ ...values, [key]: value });
  const profiles = values.profile && !grantable.includes(values.profile) ? [...grantable, values.profile] : grantable;

  return (
    <Stack gap="sm">
      {withEmail ? (
        <TextInput
          label={t('userAdmin.field.email')}
          type="email"
          required
          autoComplete="off"
          value={values.email}
          onChange={(e) => set('email', e.currentTarget.value)}
          error={errors.email}
          data-testid="user-form-email"
        />
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label={t('userAdmin.field.firstName')} required value={values.firstName} onChange={(e) => set('firstName', e.currentTarget.value)} error={errors.firstName} data-testid="user-form-first-name" />
        <TextInput label={t('userAdmin.field.lastName')} required value={values.lastName} onChange={(e) => set('lastName', e.currentTarget.value)} error={errors.lastName} data-testid="user-form-last-name" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('userAdmin.field.language')}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
          value={values.language}
          onChange={(v) => v && set('language', v as Language)}
          allowDeselect={false}
          error={errors.language}
          data-testid="user-form-language"
        />
        <Select
          label={t('userAdmin.field.profile')}
          required
          data={profiles.map((p) => ({ value: p, label: profileLabel(t, p) }))}
          value={values.profile}
          onChange={(v) => onChange({ ...values, profile: v as Profile | null, subProfiles: v === 'support_portal_user' ? values.subProfiles : [] })}
          disabled={!profileEditable}
          allowDeselect={false}
          error={errors.profile}
          data-testid="user-form-profile"
        />
      </SimpleGrid>
      {values.profile === 'support_portal_user' ? (
        <Checkbox.Group label={t('userAdmin.field.subProfiles')} value={values.subProfiles} onChange={(v) => set('subProfiles', v as SubProfile[])} error={errors.subProfiles}>
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
          value={values.employmentBasis}
          onChange={(v) => set('employmentBasis', v as EmploymentBasis | null)}
          allowDeselect={false}
          error={errors.employmentBasis}
          data-testid="user-form-employment-basis"
        />
        <TextInput
          label={t('userAdmin.field.employmentEnd')}
          description={t('userAdmin.field.employmentEndHint')}
          type="date"
          min={today()}
          value={values.employmentEnd}
          onChange={(e) => set('employmentEnd', e.currentTarget.value)}
          error={errors.employmentEnd}
          data-testid="user-form-employment-end"
        />
      </SimpleGrid>
    </Stack>
  );
}
