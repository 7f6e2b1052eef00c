import { Alert, Button, PasswordInput, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { AcceptInvitationBody } from '@mandate/contracts/users';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { PublicPage } from '../../../components/public-page.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { useSchemaForm } from '../../../lib/form.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useAcceptInvitation, useInvitation } from '../api/users-api.ts';

/** /invitation/:token (public): the invited person chooses his password, then signs in. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const { t } = useI18n();
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation(token);
  const form = useSchemaForm({
    initialValues: { password: '', repeat: '' },
    schema: AcceptInvitationBody,
    toBody: (values): AcceptInvitationBody => ({ password: values.password }),
    refine: (values) => ({ repeat: values.repeat !== values.password && t('invitation.mismatch') }),
  });

  const gone = (invitation.error instanceof ApiError && (invitation.error.status === 404 || invitation.error.status === 400))
    || (accept.error instanceof ApiError && (accept.error.status === 410 || accept.error.status === 404));
  const info = invitation.data;

  let content;
  if (invitation.isPending) {
    content = <Stack gap="sm"><Skeleton height={28} /><Skeleton height={80} /></Stack>;
  } else if (gone || !info) {
    content = (
      <Stack gap="md" data-testid="invitation-invalid">
        <Title order={1} fz="h2">{t('invitation.invalid.title')}</Title>
        <Text>{t('invitation.invalid.text')}</Text>
        <Button component={Link} to="/login" variant="light">{t('invitation.signIn')}</Button>
      </Stack>
    );
  } else if (accept.isSuccess) {
    content = (
      <Stack gap="md" data-testid="invitation-done">
        <Alert color="green" variant="light" role="status">{t('invitation.done', { email: accept.data.email })}</Alert>
        <Button component={Link} to="/login" data-testid="invitation-sign-in">{t('invitation.signIn')}</Button>
      </Stack>
    );
  } else {
    content = (
      <form onSubmit={form.onSubmit((values) => accept.mutate(values.password))} noValidate aria-labelledby="invitation-title">
        <Stack gap="md">
          <div>
            <Title order={1} fz="h2" id="invitation-title">{t('invitation.title')}</Title>
            <Text c="dimmed" size="sm">{t('invitation.intro', { name: info.firstName, customer: info.customerName, email: info.email })}</Text>
          </div>
          {gone ? null : <ProblemAlert error={accept.error} />}
          <PasswordInput
            label={t('invitation.password')}
            description={t('invitation.passwordHint')}
            autoComplete="new-password"
            required
            autoFocus
            data-testid="invitation-password"
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label={t('invitation.passwordConfirm')}
            autoComplete="new-password"
            required
            data-testid="invitation-password-repeat"
            {...form.getInputProps('repeat')}
          />
          <Button type="submit" loading={accept.isPending} fullWidth data-testid="invitation-submit">{t('invitation.submit')}</Button>
        </Stack>
      </form>
    );
  }

  return <PublicPage title={t('invitation.title')}>{content}</PublicPage>;
}
