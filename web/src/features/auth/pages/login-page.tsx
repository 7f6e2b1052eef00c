import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { LanguageSwitcher } from '../../../components/language-switcher.tsx';
import { ApiError, NetworkError, type SessionEndReason } from '../../../lib/api-client.ts';
import { useSession } from '../../../lib/auth.tsx';
import { useI18n, type Translate } from '../../../lib/i18n/i18n.tsx';
import { login } from '../api/login.ts';

/** Where RequireAuth sent the user from, to return there after signing in. */
export interface LoginLocationState {
  from?: string;
  /** Why the previous session ended, to tell the user. */
  reason?: SessionEndReason;
}

function loginErrorMessage(t: Translate, error: unknown): { title: string; text: string } {
  if (error instanceof ApiError) {
    if (error.status === 429) return { title: t('login.error.title'), text: t('login.error.throttled') };
    if (error.code === 'account_suspended') return { title: t('login.error.title'), text: t('login.error.suspended') };
    if (error.status === 401 || error.code === 'invalid_credentials') {
      return { title: t('login.error.title'), text: t('login.error.invalidCredentials') };
    }
    return { title: error.problem.title, text: error.problem.detail ?? t('error.generic.text') };
  }
  if (error instanceof NetworkError) return { title: t('error.network.title'), text: t('error.network.text') };
  return { title: t('error.generic.title'), text: t('error.generic.text') };
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

export function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  const location = useLocation();
  const { from, reason } = (location.state as LoginLocationState | null) ?? {};

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (token) => session.signedIn(token.accessToken),
  });

  // Signed in: back to where RequireAuth found him, else "/" (his first customer, or the back office).
  if (session.status === 'authenticated') return <Navigate to={from && from !== '/login' ? from : '/'} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = email.trim();
    const errors: typeof fieldErrors = {};
    if (!trimmed) errors.email = t('login.emailRequired');
    else if (!EMAIL_PATTERN.test(trimmed)) errors.email = t('login.emailInvalid');
    if (!password) errors.password = t('login.passwordRequired');
    setFieldErrors(errors);
    if (errors.email || errors.password) return;
    mutation.mutate({ email: trimmed, password });
  };

  const error = mutation.isError ? loginErrorMessage(t, mutation.error) : null;

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Stack w="100%" maw={420} gap="md">
        <Group justify="space-between">
          <Text fw={800} fz="xl" c="indigo.7">
            {t('product.name')}
          </Text>
          <LanguageSwitcher />
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md" component="main">
          <form onSubmit={onSubmit} noValidate aria-labelledby="login-title">
            <Stack gap="md">
              <div>
                <Title order={1} fz="h2" id="login-title">
                  {t('login.title')}
                </Title>
                <Text c="dimmed" size="sm">
                  {t('login.subtitle')}
                </Text>
              </div>
              {error ? (
                <Alert color="red" variant="light" title={error.title} role="alert" data-testid="login-error">
                  {error.text}
                </Alert>
              ) : reason ? (
                <Alert color={reason === 'suspended' ? 'red' : 'blue'} variant="light" role="status" data-testid="session-ended">
                  {reason === 'suspended' ? t('login.error.suspended') : t('login.sessionEnded')}
                </Alert>
              ) : null}
              <TextInput
                label={t('login.email')}
                name="email"
                type="email"
                autoComplete="username"
                required
                autoFocus
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fieldErrors.email}
                data-testid="login-email"
              />
              <PasswordInput
                label={t('login.password')}
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fieldErrors.password}
                data-testid="login-password"
              />
              <Button type="submit" loading={mutation.isPending} fullWidth data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Center>
  );
}
