import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { LoginBody } from '@mandate/contracts/auth';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { PublicPage } from '../../../components/public-page.tsx';
import type { LoginLocationState } from '../../../app/require-auth.tsx';
import { useSession } from '../../../lib/auth.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { login } from '../api/auth-api.ts';

/** /login: the first page most visitors see (loaded with the app itself, kept light). */
export function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  const location = useLocation();
  const { from, reason } = (location.state as LoginLocationState | null) ?? {};
  const form = useSchemaForm({
    initialValues: { email: '', password: '' },
    schema: LoginBody,
    toBody: (values): LoginBody => ({ email: values.email.trim(), password: values.password }),
  });
  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (token) => session.signedIn(token.accessToken),
  });

  // Signed in: back to where RequireAuth found him, else "/" (his first customer, or the back office).
  if (session.status === 'authenticated') return <Navigate to={from && from !== '/login' ? from : '/'} replace />;

  return (
    <PublicPage title={t('login.title')}>
      <form onSubmit={form.onSubmit((values) => mutation.mutate({ email: values.email.trim(), password: values.password }))} noValidate aria-labelledby="login-title">
        <Stack gap="md">
          <div>
            <Title order={1} fz="h2" id="login-title">
              {t('login.title')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('login.subtitle')}
            </Text>
          </div>
          {mutation.isError ? (
            <ProblemAlert error={mutation.error} testId="login-error" />
          ) : reason ? (
            <Alert color={reason === 'suspended' ? 'red' : 'blue'} variant="light" role="status" data-testid="session-ended">
              {reason === 'suspended' ? t('problem.account_suspended') : t('login.sessionEnded')}
            </Alert>
          ) : null}
          <TextInput
            label={t('login.email')}
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            data-testid="login-email"
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('login.password')}
            name="password"
            autoComplete="current-password"
            required
            data-testid="login-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={mutation.isPending} fullWidth data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </PublicPage>
  );
}
