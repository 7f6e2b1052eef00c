import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { subject } from '@casl/ability';
import { Link, useNavigate, useParams } from 'react-router';
import type { UserDetail } from '@mandate/contracts/users';
import type { EmploymentBasis, Profile, SubProfile } from '@mandate/domain/profiles';
import { ErrorState } from '../../../components/error-state.tsx';
import { ProfileBadges } from '../../../components/profile-badges.tsx';
import { CustomerNotFound, NotAvailable } from '../../../components/status-page.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { formatDate, fullName } from '../../../lib/format.ts';
import { useI18n, type Translate } from '../../../lib/i18n/i18n.tsx';
import { useGrantableProfiles } from '../api/get-grantable-profiles.ts';
import { useUser } from '../api/get-user.ts';
import { useUpdateUser } from '../api/update-user.ts';
import { useUserAction, type UserAction } from '../api/user-actions.ts';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { UserManagementTabs } from '../components/user-management-tabs.tsx';
import { UserForm, serverFieldErrors, validateUserForm, type UserFormErrors, type UserFormValues } from '../components/user-form.tsx';
import { UserSimsCard } from '../components/user-sims-card.tsx';
import { mayOnSims } from '../sims-access.ts';

/** /customers/:customerId/users/:userId: the user-management app must be usable here. */
export function UserDetailRoute() {
  const { customer, apps } = useCustomerContext();
  const { userId } = useParams();
  if (!customer || !userId) return <CustomerNotFound />;
  if (!apps.includes('user-management')) return <NotAvailable />;
  return <UserDetailPage key={`${customer.id}/${userId}`} customerId={customer.id} customerName={customer.name} userId={userId} />;
}

const toForm = (u: UserDetail): UserFormValues => ({
  email: u.email, firstName: u.firstName, lastName: u.lastName, language: u.language, profile: u.profile as Profile,
  subProfiles: u.subProfiles as SubProfile[], employmentBasis: u.employmentBasis as EmploymentBasis, employmentEnd: u.employmentEnd ?? '',
});

function problemText(t: Translate, error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'last_access_owner') return t('userAdmin.problem.last_access_owner');
  return error.problem.detail ?? error.problem.title;
}

const CONFIRM: Record<UserAction, { title: 'userAdmin.confirm.suspend.title' | 'userAdmin.confirm.remove.title' | 'userAdmin.confirm.makePrimary.title' | 'userAdmin.confirm.makeDeputy.title' | 'userAdmin.confirm.reactivate.title'; text: 'userAdmin.confirm.suspend.text' | 'userAdmin.confirm.remove.text' | 'userAdmin.confirm.makePrimary.text' | 'userAdmin.confirm.makeDeputy.text' | 'userAdmin.confirm.reactivate.text'; danger: boolean }> = {
  suspend: { title: 'userAdmin.confirm.suspend.title', text: 'userAdmin.confirm.suspend.text', danger: true },
  reactivate: { title: 'userAdmin.confirm.reactivate.title', text: 'userAdmin.confirm.reactivate.text', danger: false },
  remove: { title: 'userAdmin.confirm.remove.title', text: 'userAdmin.confirm.remove.text', danger: true },
  'make-primary': { title: 'userAdmin.confirm.makePrimary.title', text: 'userAdmin.confirm.makePrimary.text', danger: false },
  'make-deputy': { title: 'userAdmin.confirm.makeDeputy.title', text: 'userAdmin.confirm.makeDeputy.text', danger: false },
};

/** One user: details and edit form, suspend/reactivate/remove, primary AO and deputy (ROLE-2), the lines he uses. */
export function UserDetailPage({ customerId, customerName, userId }: { customerId: string; customerName: string; userId: string }) {
  const { t, locale } = useI18n();
  const { ability } = useCustomerContext();
  const navigate = useNavigate();
  const user = useUser(customerId, userId);
  const grantable = useGrantableProfiles(customerId);
  const update = useUpdateUser(customerId, userId);
  const action = useUserAction(customerId, userId);
  const [editing, setEditing] = useState<UserFormValues | null>(null);
  const [errors, setErrors] = useState<UserFormErrors>({});
  const [confirm, setConfirm] = useState<UserAction | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const name = user.data ? fullName(user.data) : '';
  useDocumentTitle(`${name || t('users.title')} · ${customerName} · ${t('product.name')}`);

  if (user.isPending) {
    return (
      <Stack gap="md" data-testid="user-detail-loading">
        <Skeleton height={32} width="40%" />
        <Skeleton height={160} />
      </Stack>
    );
  }
  if (user.error) return <ErrorState error={user.error} onRetry={() => void user.refetch()} />;
  const u = user.data;
  const profiles = grantable.data?.profiles ?? [];
  const scope = { customerId, userId };
  // canGrant on the server: he may only change a user whose current profile he could give.
  const mayChange = ability.can('update', subject('User', scope)) && profiles.includes(u.profile as Profile);
  const mayRemove = ability.can('delete', subject('User', scope)) && profiles.includes(u.profile as Profile);
  const mayNameOwners = profiles.includes('access_owner');
  const active = u.status === 'active';
  // Issue 3 (sims): any Sim rule at this customer (a fleet manager's is scoped to his cost centres).
  const canReadSims = mayOnSims(ability, 'read', customerId);
  const canUpdateSims = mayOnSims(ability, 'update', customerId);

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!editing) return;
    const found = validateUserForm(t, editing, false);
    setErrors(found);
    if (Object.keys(found).length > 0 || !editing.profile || !editing.employmentBasis) return;
    update.mutate(
      {
        firstName: editing.firstName.trim(), lastName: editing.lastName.trim(), language: editing.language,
        ...(editing.profile !== u.profile ? { profile: editing.profile } : {}),
        ...(editing.profile === 'support_portal_user' ? { subProfiles: editing.subProfiles } : {}),
        employmentBasis: editing.employmentBasis,
        ...((editing.employmentEnd || null) !== u.employmentEnd ? { employmentEnd: editing.employmentEnd || null } : {}),
      },
      {
        onSuccess: () => {
          setEditing(null);
          setMessage(t('userAdmin.saved'));
        },
        onError: (error) => setErrors(serverFieldErrors(error)),
      },
    );
  };

  const run = (a: UserAction) =>
    action.mutate(a, {
      onSuccess: () => {
        setConfirm(null);
        if (a === 'remove') void navigate(`/customers/${customerId}/users`, { replace: true });
        else {
          setMessage(t(`userAdmin.done.${a}`));
          void user.refetch();
        }
      },
      onError: () => setConfirm(null),
    });

  const actionError = problemText(t, action.error);
  const updateError = update.error instanceof ApiError && !update.error.problem.errors ? problemText(t, update.error) : null;

  return (
    <Stack gap="lg">
      <UserManagementTabs />
      <Anchor component={Link} to={`/customers/${customerId}/users`} size="sm" data-testid="user-back">
        ← {t('userAdmin.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} data-testid="user-detail-name">{name}</Title>
          <Text c="dimmed">{u.email}</Text>
        </div>
        <Group gap="xs">
          <ProfileBadges t={t} profile={u.profile} subProfiles={u.subProfiles} isPrimary={u.isPrimary} />
          {u.isDeputy ? <Badge variant="light" color="grape" data-testid="deputy-badge">{t('userAdmin.deputy')}</Badge> : null}
          <Badge variant="dot" color={active ? 'green' : 'red'} tt="none" data-testid="user-status">
            {t(active ? 'status.active' : 'status.suspended')}
          </Badge>
        </Group>
      </Group>

      {message ? <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setMessage(null)} data-testid="user-message">{message}</Alert> : null}
      {actionError ? <Alert color="red" variant="light" role="alert" title={t('error.generic.title')} data-testid="user-action-error">{actionError}</Alert> : null}

      <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="user-details-title">
        <Group justify="space-between" mb="md">
          <Title order={2} fz="h3" id="user-details-title">{t('userAdmin.details')}</Title>
          <Group gap="xs">
          {mayChange && (u.profile === 'support_portal_user' || u.profile === 'service_user') ? (
            <Button component={Link} to={`/customers/${customerId}/users/${userId}/rights`} variant="subtle" size="xs" data-testid="user-rights-link">
              {t('userAdmin.rights')}
            </Button>
          ) : null}
          {mayChange && !editing ? (
            <Button variant="light" size="xs" onClick={() => { setEditing(toForm(u)); setErrors({}); update.reset(); }} data-testid="user-edit">
              {t('userAdmin.edit')}
            </Button>
          ) : null}
          </Group>
        </Group>
        {editing ? (
          <form onSubmit={save} noValidate data-testid="user-edit-form">
            <Stack gap="md">
              {updateError ? <Alert color="red" variant="light" role="alert" data-testid="user-form-error">{updateError}</Alert> : null}
              <UserForm values={editing} onChange={setEditing} errors={errors} grantable={profiles} withEmail={false} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setEditing(null)}>{t('userAdmin.cancel')}</Button>
                <Button type="submit" loading={update.isPending} data-testid="user-form-submit">{t('userAdmin.save')}</Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Stack gap={6} component="dl" m={0}>
            <Detail label={t('userAdmin.field.language')} value={t(`language.${u.language}`)} />
            <Detail label={t('userAdmin.field.employmentBasis')} value={t(`userAdmin.basis.${u.employmentBasis as EmploymentBasis}`)} />
            <Detail label={t('userAdmin.field.employmentEnd')} value={u.employmentEnd ? formatDate(u.employmentEnd, locale) : t('users.noEnd')} />
            <Detail label={t('users.column.status')} value={t(`userAdmin.account.${u.accountStatus}`)} testId="user-account-status" />
          </Stack>
        )}
      </Card>

      {mayChange || mayRemove || mayNameOwners ? (
        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="user-actions-title">
          <Title order={2} fz="h3" id="user-actions-title" mb="md">{t('userAdmin.actions')}</Title>
          <Group gap="sm">
            {mayChange && active ? <Button variant="default" onClick={() => setConfirm('suspend')} data-testid="user-suspend">{t('userAdmin.suspend')}</Button> : null}
            {mayChange && !active ? <Button variant="default" onClick={() => setConfirm('reactivate')} data-testid="user-reactivate">{t('userAdmin.reactivate')}</Button> : null}
            {mayNameOwners && mayChange && active && u.profile === 'access_owner' && !u.isPrimary && u.accountStatus === 'active' ? (
              <Button variant="default" onClick={() => setConfirm('make-primary')} data-testid="user-make-primary">{t('userAdmin.makePrimary')}</Button>
            ) : null}
            {mayNameOwners && mayChange && active && (u.profile === 'access_owner' || u.profile === 'access_manager') && !u.isPrimary && !u.isDeputy && u.accountStatus === 'active' ? (
              <Button variant="default" onClick={() => setConfirm('make-deputy')} data-testid="user-make-deputy">{t('userAdmin.makeDeputy')}</Button>
            ) : null}
            {mayRemove ? <Button color="red" variant="light" onClick={() => setConfirm('remove')} data-testid="user-remove">{t('userAdmin.remove', { customer: customerName })}</Button> : null}
          </Group>
          {mayNameOwners ? <Text size="xs" c="dimmed" mt="sm">{t('userAdmin.deputyHelp')}</Text> : null}
        </Card>
      ) : null}

      {canReadSims ? <UserSimsCard customerId={customerId} userId={userId} name={name} canUpdate={canUpdateSims} /> : null}

      {confirm ? (
        <ConfirmModal
          opened
          title={t(CONFIRM[confirm].title, { name, customer: customerName })}
          text={t(CONFIRM[confirm].text, { name, customer: customerName })}
          confirmLabel={t('userAdmin.confirm.ok')}
          danger={CONFIRM[confirm].danger}
          loading={action.isPending}
          onConfirm={() => run(confirm)}
          onClose={() => setConfirm(null)}
          testId={confirm}
        />
      ) : null}
    </Stack>
  );
}

function Detail({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Group gap="xs">
      <Text component="dt" fw={600}>{label}</Text>
      <Text component="dd" m={0} data-testid={testId}>{value}</Text>
    </Group>
  );
}
