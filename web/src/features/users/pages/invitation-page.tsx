import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Group, Paper, PasswordInput, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { LanguageSwitcher } from '../../../components/language-switcher.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useAcceptInvitation, useInvitation } from '../api/invitation.ts';

/** /invitation/:token (public): the invited person chooses his password, then signs in. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const { t } = useI18n();
  useDocumentTitle(`${t('invitation.title')} · ${t('product.name')}`);
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation(token);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (password.length < 12) found.password = t('invitation.tooShort');
    if (repeat !== password) found.repeat = t('invitation.mismatch');
    setErrors(found);
    if (found.password || found.repeat) return;
    accept.mutate(password);
  };

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
      <form onSubmit={submit} noValidate aria-labelledby="invitation-title">
        <Stack gap="md">
          <div>
            <Title order={1} fz="h2" id="invitation-title">{t('invitation.title')}</Title>
            <Text c="dimmed" size="sm">{t('invitation.intro', { name: info.firstName, customer: info.customerName, email: info.email })}</Text>
          </div>
          {accept.error && !gone ? (
            <Alert color="red" variant="light" role="alert">{accept.error instanceof ApiError ? (accept.error.problem.detail ?? accept.error.problem.title) : t('error.generic.text')}</Alert>
          ) : null}
          <PasswordInput
            label={t('invitation.password')}
            description={t('invitation.passwordHint')}
            autoComplete="new-password"
            required
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            data-testid="invitation-password"
          />
          <PasswordInput
            label={t('invitation.passwordConfirm')}
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            error={errors.repeat}
            data-testid="invitation-password-repeat"
          />
          <Button type="submit" loading={accept.isPending} fullWidth data-testid="invitation-submit">{t('invitation.submit')}</Button>
        </Stack>
      </form>
    );
  }

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Stack w="100%" maw={460} gap="md">
        <Group justify="space-between">
          <Text fw={800} fz="xl" c="indigo.7">{t('product.name')}</Text>
          <LanguageSwitcher />
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md" component="main">{content}</Paper>
      </Stack>
    </Center>
  );
}
