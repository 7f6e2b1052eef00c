import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { subject } from '@casl/ability';
import { Link, useNavigate, useParams } from 'react-router';
import type { UserDetail } from '@mandate/contracts/users';
import type { EmploymentBasis, Profile, SubProfile } from '@mandate/domain/profiles';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ErrorState } from '../../../components/error-state.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { ProfileBadges } from '../../../components/profile-badges.tsx';
import { CustomerNotFound, NotAvailable } from '../../../components/status-page.tsx';
import { UserManagementTabs } from '../../../components/user-management-tabs.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { setServerErrors } from '../../../lib/form.ts';
import { formatDate, fullName } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useGrantableProfiles, useUpdateUser, useUser, useUserAction, type UserAction } from '../api/users-api.ts';
import { UserForm, useUserForm, type UserFormValues } from '../components/user-form.tsx';
import { UserSimsCard } from '../components/user-sims-card.tsx';
import { UserStatusBadge } from '../components/user-status-badge.tsx';
import { mayOnSims } from '../sims-access.ts';
import { hasSubProfiles } from '@mandate/authz/profile-access';

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

const CONFIRM = {
  suspend: { title: 'userAdmin.confirm.suspend.title', text: 'userAdmin.confirm.suspend.text', danger: true },
  reactivate: { title: 'userAdmin.confirm.reactivate.title', text: 'userAdmin.confirm.reactivate.text', danger: false },
  remove: { title: 'userAdmin.confirm.remove.title', text: 'userAdmin.confirm.remove.text', danger: true },
  'make-primary': { title: 'userAdmin.confirm.makePrimary.title', text: 'userAdmin.confirm.makePrimary.text', danger: false },
  'make-deputy': { title: 'userAdmin.confirm.makeDeputy.title', text: 'userAdmin.confirm.makeDeputy.text', danger: false },
} as const satisfies Record<UserAction, { title: string; text: string; danger: boolean }>;

/** The edit form of a user, mounted while he is being edited. */
function EditUser({ customerId, user, grantable, onDone, onCancel }: {
  customerId: string; user: UserDetail; grantable: readonly Profile[]; onDone: () => void; onCancel: () => void;
}) {
  const { t } = useI18n();
  const form = useUserForm(toForm(user), false);
  const update = useUpdateUser(customerId, user.id);
  const save = form.onSubmit((values) =>
    update.mutate(
      {
        firstName: values.firstName.trim(), lastName: values.lastName.trim(), language: values.language,
        ...(values.profile && values.profile !== user.profile ? { profile: values.profile } : {}),
        ...(hasSubProfiles(values.profile) ? { subProfiles: values.subProfiles } : {}),
        ...(values.employmentBasis ? { employmentBasis: values.employmentBasis } : {}),
        ...((values.employmentEnd || null) !== user.employmentEnd ? { employmentEnd: values.employmentEnd || null } : {}),
      },
      { onSuccess: onDone, onError: (error) => setServerErrors(form, error) },
    ));
  return (
    <form onSubmit={save} noValidate data-testid="user-edit-form">
      <Stack gap="md">
        <ProblemAlert error={update.error} testId="user-form-error" />
        <UserForm form={form} grantable={grantable} withEmail={false} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="submit" loading={update.isPending} data-testid="user-form-submit">{t('userAdmin.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One user: details and edit form, suspend/reactivate/remove, primary AO and deputy (ROLE-2), the lines he uses. */
export function UserDetailPage({ customerId, customerName, userId }: { customerId: string; customerName: string; userId: string }) {
  const { t, locale } = useI18n();
  const { ability } = useCustomerContext();
  const navigate = useNavigate();
  const user = useUser(customerId, userId);
  const grantable = useGrantableProfiles(customerId);
  const action = useUserAction(customerId, userId);
  const [editing, setEditing] = useState(false);
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
  // What he may do is the ability's and the server's answer (canGrant: the profiles he may give);
  // he may only change a user whose current profile he could give.
  const mayChange = ability.can('update', subject('User', scope)) && profiles.includes(u.profile as Profile);
  const mayRemove = ability.can('delete', subject('User', scope)) && profiles.includes(u.profile as Profile);
  const mayEditRights = mayChange && ability.can('update', subject('Grant', { customerId, granteeProfile: u.profile }));
  // Naming the primary AO or his deputy needs the right to give the Access Owner profile (the server checks the same).
  const mayNameOwners = profiles.includes('access_owner');
  const active = u.status === 'active';
  // Until he accepts, only the person can make the membership active: neither suspend nor reactivate applies (ROLE-7).
  const suspended = u.status === 'suspended';
  // ROLE-2, about the user shown: only an active AO becomes primary; an active AO or AM (not the primary) the deputy.
  const usable = active && u.accountStatus === 'active';
  const eligiblePrimary = usable && u.profile === 'access_owner' && !u.isPrimary;
  const eligibleDeputy = usable && (u.profile === 'access_owner' || u.profile === 'access_manager') && !u.isPrimary && !u.isDeputy;
  // Any Sim rule at this customer (a fleet manager's is scoped to his cost centres).
  const canReadSims = mayOnSims(ability, 'read', customerId);
  const canUpdateSims = mayOnSims(ability, 'update', customerId);

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
          <UserStatusBadge t={t} status={u.status} testId="user-status" />
        </Group>
      </Group>

      {message ? <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setMessage(null)} data-testid="user-message">{message}</Alert> : null}
      <ProblemAlert error={action.error} testId="user-action-error" />

      <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="user-details-title">
        <Group justify="space-between" mb="md">
          <Title order={2} fz="h3" id="user-details-title">{t('userAdmin.details')}</Title>
          <Group gap="xs">
          {mayEditRights ? (
            <Button component={Link} to={`/customers/${customerId}/users/${userId}/rights`} variant="subtle" size="xs" data-testid="user-rights-link">
              {t('userAdmin.rights')}
            </Button>
          ) : null}
          {mayChange && !editing ? (
            <Button variant="light" size="xs" onClick={() => setEditing(true)} data-testid="user-edit">
              {t('userAdmin.edit')}
            </Button>
          ) : null}
          </Group>
        </Group>
        {editing ? (
          <EditUser
            customerId={customerId}
            user={u}
            grantable={profiles}
            onDone={() => { setEditing(false); setMessage(t('userAdmin.saved')); }}
            onCancel={() => setEditing(false)}
          />
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
            {mayChange && suspended ? <Button variant="default" onClick={() => setConfirm('reactivate')} data-testid="user-reactivate">{t('userAdmin.reactivate')}</Button> : null}
            {mayNameOwners && mayChange && eligiblePrimary ? (
              <Button variant="default" onClick={() => setConfirm('make-primary')} data-testid="user-make-primary">{t('userAdmin.makePrimary')}</Button>
            ) : null}
            {mayNameOwners && mayChange && eligibleDeputy ? (
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
