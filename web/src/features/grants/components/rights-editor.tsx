import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Group, Loader, MultiSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { APP_ACTIONS, scopeDimensions, type GrantableAction } from '@mandate/authz/subjects';
import type { GrantItem, GrantPresetsResponse, GrantableResponse, ScopeOptionsResponse } from '@mandate/contracts/grants';
import type { App, SubProfile } from '@mandate/domain/profiles';
import { ErrorState } from '../../../components/error-state.tsx';
import { subProfileLabel } from '../../../components/profile-badges.tsx';
import { APP_ORDER } from '../../../lib/apps.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n, type Translate } from '../../../lib/i18n/i18n.tsx';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { codeText } from '../../../lib/problem.ts';
import { useGrantPresets, useGrantable, useRemoveGrant, useSaveGrant, useScopeOptions, useUserGrants } from '../api/grants-api.ts';

type Grantable = GrantableResponse['apps'][number];

interface Draft {
  actions: GrantableAction[];
  narrowed: boolean;
  billingAccountIds: string[];
  costCentreIds: string[];
}

function draftOf(grant: GrantItem | undefined, grantable: Grantable | undefined): Draft {
  if (grant) {
    return {
      actions: [...grant.actions],
      narrowed: grant.billingAccountIds.length > 0 || grant.costCentreIds.length > 0,
      billingAccountIds: [...grant.billingAccountIds],
      costCentreIds: [...grant.costCentreIds],
    };
  }
  // A new right starts at the widest scope the current user may give (a fleet manager: his own scope).
  const scope = grantable?.scope;
  const narrowed = Boolean(scope && (scope.billingAccountIds.length > 0 || scope.costCentreIds.length > 0));
  return { actions: [], narrowed, billingAccountIds: [...(scope?.billingAccountIds ?? [])], costCentreIds: [...(scope?.costCentreIds ?? [])] };
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

function sameDraft(a: Draft, b: Draft): boolean {
  return same(a.actions, b.actions) && a.narrowed === b.narrowed &&
    (!a.narrowed || (same(a.billingAccountIds, b.billingAccountIds) && same(a.costCentreIds, b.costCentreIds)));
}

interface RightsEditorProps {
  customerId: string;
  userId: string;
}

/**
 * The rights editor (ROLE-6): per app of the customer, the actions and the scope of the user's
 * right, only as far as the current user may grant them (GET …/grantable, computed with canGrant);
 * the sub-profiles are presets that fill the form, saved per app. The server refuses the rest anyway.
 */
export function RightsEditor({ customerId, userId }: RightsEditorProps) {
  const { t } = useI18n();
  const grantable = useGrantable(customerId, userId);
  const grants = useUserGrants(customerId, userId);
  const presets = useGrantPresets(customerId);
  const scopeOptions = useScopeOptions(customerId);
  const [preset, setPreset] = useState<{ subProfile: SubProfile; nonce: number } | null>(null);

  if (grantable.isPending || grants.isPending) {
    return (
      <Group data-testid="rights-editor" aria-busy="true">
        <Loader size="sm" />
        <Text c="dimmed">{t('common.loading')}</Text>
      </Group>
    );
  }
  if (grantable.error || grants.error) {
    return (
      <div data-testid="rights-editor">
        <ErrorState inline error={grantable.error ?? grants.error} onRetry={() => void Promise.all([grantable.refetch(), grants.refetch()])} />
      </div>
    );
  }

  const byApp = new Map(grantable.data.apps.map((a) => [a.app, a]));
  const held = new Map(grants.data.items.map((g) => [g.app, g]));
  // The customer's apps the current user may grant, plus any app the user already holds a right in.
  const apps = APP_ORDER.filter((app) => (byApp.get(app)?.actions.length ?? 0) > 0 || held.has(app));
  const grantableApps = apps.filter((app) => (byApp.get(app)?.actions.length ?? 0) > 0);
  const refusals = [...new Set(grantable.data.apps.map((a) => a.refusal).filter((r): r is string => r !== null))];
  // Sub-profiles are presets for Support Portal Users (ROLE-1); a preset is offered when it has an app one may grant.
  const presetList = grantable.data.user.profile === 'support_portal_user'
    ? (presets.data?.items ?? []).filter((p) => p.rights.some((r) => grantableApps.includes(r.app)))
    : [];
  const activePreset = preset ? presets.data?.items.find((p) => p.subProfile === preset.subProfile) : undefined;

  return (
    <Stack gap="md" data-testid="rights-editor">
      {presetList.length > 0 ? (
        <Stack gap={6}>
          <Text fw={500}>{t('grants.presets.title')}</Text>
          <Text size="sm" c="dimmed">{t('grants.presets.help')}</Text>
          <Group gap="xs">
            {presetList.map((p) => (
              <Button
                key={p.subProfile}
                variant={preset?.subProfile === p.subProfile ? 'filled' : 'light'}
                size="xs"
                onClick={() => setPreset({ subProfile: p.subProfile, nonce: Date.now() })}
                data-testid={`rights-preset-${p.subProfile}`}
              >
                {subProfileLabel(t, p.subProfile)}
              </Button>
            ))}
          </Group>
          {activePreset ? (
            <Alert color="blue" variant="light" data-testid="rights-preset-applied">
              {t('grants.presets.applied', { preset: subProfileLabel(t, activePreset.subProfile) })}
            </Alert>
          ) : null}
        </Stack>
      ) : null}

      {apps.length === 0 ? (
        <Alert color="gray" data-testid="rights-nothing-grantable">
          {t('grants.nothingGrantable')}
          {refusals.length > 0 ? ` ${refusals.map((r) => codeText(t, r)).join(' ')}` : ''}
        </Alert>
      ) : null}

      {apps.map((app) => {
        const grant = held.get(app);
        return (
          <AppRightCard
            key={app}
            customerId={customerId}
            userId={userId}
            app={app}
            grant={grant}
            grantable={byApp.get(app)}
            scopeOptions={scopeOptions.data}
            preset={activePreset && preset ? { rights: activePreset.rights, nonce: preset.nonce } : null}
          />
        );
      })}
    </Stack>
  );
}

interface AppRightCardProps {
  customerId: string;
  userId: string;
  app: App;
  grant: GrantItem | undefined;
  grantable: Grantable | undefined;
  scopeOptions: ScopeOptionsResponse | undefined;
  preset: { rights: GrantPresetsResponse['items'][number]['rights']; nonce: number } | null;
}

function AppRightCard({ customerId, userId, app, grant, grantable, scopeOptions, preset }: AppRightCardProps) {
  const { t, locale } = useI18n();
  const saved = useMemo(() => draftOf(grant, grantable), [grant, grantable]);
  const [draft, setDraft] = useState<Draft>(saved);
  // When the saved right changes (after a save or a removal), the form shows it again.
  const savedSignature = JSON.stringify(saved);
  const [baseline, setBaseline] = useState(savedSignature);
  if (baseline !== savedSignature) {
    setBaseline(savedSignature);
    setDraft(saved);
  }
  const [appliedNonce, setAppliedNonce] = useState<number | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const save = useSaveGrant(customerId, userId);
  const remove = useRemoveGrant(customerId, userId);

  const allowed = grantable?.actions ?? [];
  const editable = allowed.length > 0;
  const envelope = grantable?.scope ?? null;
  const mustNarrow = Boolean(envelope && (envelope.billingAccountIds.length > 0 || envelope.costCentreIds.length > 0));
  // Only the pickers the app's data can be narrowed by (user management: none, the whole company).
  const dimensions = scopeDimensions(app);

  // A preset fills the form (once per click); the user reviews it and saves.
  if (preset && preset.nonce !== appliedNonce) {
    setAppliedNonce(preset.nonce);
    const right = preset.rights.find((r) => r.app === app);
    if (right && editable) {
      setDraft((d) => ({ ...d, actions: right.actions.filter((a) => allowed.includes(a)) }));
    }
  }

  const dirty = !sameDraft(draft, saved) || (!grant && draft.actions.length > 0);
  const scopeEmpty = draft.narrowed && draft.billingAccountIds.length === 0 && draft.costCentreIds.length === 0;
  const accountOptions = (scopeOptions?.billingAccounts ?? [])
    .filter((b) => !envelope || envelope.billingAccountIds.length === 0 || envelope.billingAccountIds.includes(b.id))
    .map((b) => ({ value: b.id, label: `${b.number} · ${b.name}` }));
  const centreOptions = (scopeOptions?.costCentres ?? [])
    .filter((c) => !envelope || envelope.costCentreIds.length === 0 || envelope.costCentreIds.includes(c.id))
    .map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }));
  // Ids the user holds but the current user cannot see as options (e.g. beyond a fleet manager's scope).
  const known = new Set([...accountOptions, ...centreOptions].map((o) => o.value));
  const hidden = [...draft.billingAccountIds, ...draft.costCentreIds].filter((id) => !known.has(id)).length;

  const onSave = () => {
    if (draft.actions.length === 0 || scopeEmpty) return;
    save.mutate({
      app,
      body: {
        actions: draft.actions,
        billingAccountIds: draft.narrowed && dimensions.billingAccounts ? draft.billingAccountIds : [],
        costCentreIds: draft.narrowed && dimensions.costCentres ? draft.costCentreIds : [],
      },
    });
  };

  const error = save.error ?? remove.error;
  const status = grant ? (dirty ? 'changed' : 'granted') : dirty ? 'new' : 'none';

  return (
    <Card withBorder padding="md" data-testid={`rights-app-${app}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h4">{t(`app.${app}`)}</Title>
          <Badge
            variant="light"
            color={status === 'granted' ? 'green' : status === 'none' ? 'gray' : 'yellow'}
            tt="none"
            data-testid={`rights-status-${app}`}
          >
            {t(`grants.status.${status}`)}
          </Badge>
        </Group>
        {grant?.grantedBy ? (
          <Text size="xs" c="dimmed">
            {t('grants.grantedBy', { name: grant.grantedBy.name, date: formatDate(grant.createdAt, locale) })}
          </Text>
        ) : null}
        {!editable && grantable?.refusal ? (
          <Text size="sm" c="dimmed" data-testid={`rights-readonly-${app}`}>{codeText(t, grantable.refusal)}</Text>
        ) : null}

        <Checkbox.Group
          label={t('grants.actions')}
          value={draft.actions}
          onChange={(value) => setDraft((d) => ({ ...d, actions: APP_ACTIONS[app].filter((a) => value.includes(a)) }))}
        >
          <Group gap="md" mt={4}>
            {APP_ACTIONS[app].map((action) => (
              <Checkbox
                key={action}
                value={action}
                label={actionLabel(t, action)}
                disabled={!allowed.includes(action)}
                data-testid={`rights-action-${app}-${action}`}
              />
            ))}
          </Group>
        </Checkbox.Group>

        <Stack gap={6}>
          <Text size="sm" fw={500} id={`rights-scope-label-${app}`}>{t('grants.scope')}</Text>
          {!dimensions.billingAccounts && !dimensions.costCentres ? (
            <Text size="sm" c="dimmed" data-testid={`rights-scope-${app}-whole-only`}>{t('grants.scope.wholeOnly')}</Text>
          ) : null}
          {dimensions.billingAccounts || dimensions.costCentres ? (
            <SegmentedControl
              aria-labelledby={`rights-scope-label-${app}`}
              value={draft.narrowed ? 'narrowed' : 'all'}
              onChange={(value) => setDraft((d) => ({ ...d, narrowed: value === 'narrowed' }))}
              disabled={!editable}
              data={[
                { value: 'all', label: t('grants.scope.all'), disabled: mustNarrow },
                { value: 'narrowed', label: t('grants.scope.narrowed') },
              ]}
              data-testid={`rights-scope-${app}`}
              w="fit-content"
            />
          ) : null}
          {draft.narrowed ? (
            <Group grow align="flex-start" wrap="wrap">
              {dimensions.billingAccounts ? (
                <MultiSelect
                  label={t('grants.scope.billingAccounts')}
                  placeholder={accountOptions.length === 0 ? t('grants.scope.noOptions') : t('grants.scope.pick')}
                  data={accountOptions}
                  value={draft.billingAccountIds.filter((id) => known.has(id))}
                  onChange={(value) => setDraft((d) => ({ ...d, billingAccountIds: value }))}
                  searchable
                  clearable
                  disabled={!editable || accountOptions.length === 0}
                  nothingFoundMessage={t('grants.scope.nothingFound')}
                  miw={240}
                  data-testid={`rights-scope-${app}-accounts`}
                />
              ) : null}
              {dimensions.costCentres ? (
                <MultiSelect
                  label={t('grants.scope.costCentres')}
                  placeholder={centreOptions.length === 0 ? t('grants.scope.noOptions') : t('grants.scope.pick')}
                  data={centreOptions}
                  value={draft.costCentreIds.filter((id) => known.has(id))}
                  onChange={(value) => setDraft((d) => ({ ...d, costCentreIds: value }))}
                  searchable
                  clearable
                  disabled={!editable || centreOptions.length === 0}
                  nothingFoundMessage={t('grants.scope.nothingFound')}
                  miw={240}
                  data-testid={`rights-scope-${app}-centres`}
                />
              ) : null}
            </Group>
          ) : null}
          {hidden > 0 ? <Text size="xs" c="dimmed">{t('grants.scope.hidden', { count: hidden })}</Text> : null}
          {scopeEmpty && editable ? <Text size="xs" c="red">{t('grants.scope.empty')}</Text> : null}
        </Stack>

        <ProblemAlert error={error} testId={`rights-error-${app}`} />
        {save.isSuccess && !dirty ? (
          <Text size="sm" c="green" data-testid={`rights-saved-${app}`}>{t('grants.saved')}</Text>
        ) : null}

        {editable ? (
          <Group gap="sm">
            <Button
              onClick={onSave}
              loading={save.isPending}
              disabled={!dirty || draft.actions.length === 0 || scopeEmpty}
              data-testid={`rights-save-${app}`}
            >
              {t('grants.save')}
            </Button>
            {dirty ? (
              <Button variant="subtle" onClick={() => { setDraft(saved); save.reset(); }} data-testid={`rights-reset-${app}`}>
                {t('grants.undo')}
              </Button>
            ) : null}
            {grant ? (
              <Button variant="light" color="red" onClick={() => setConfirmRemove(true)} loading={remove.isPending} data-testid={`rights-remove-${app}`}>
                {t('grants.remove')}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>

      {confirmRemove ? (
        <ConfirmModal
          title={t('grants.remove.title', { app: t(`app.${app}`) })}
          text={t('grants.remove.text')}
          confirmLabel={t('grants.remove.confirm')}
          danger
          onClose={() => setConfirmRemove(false)}
          onConfirm={() => { setConfirmRemove(false); save.reset(); remove.mutate(app); }}
          testId={`rights-remove-${app}`}
        />
      ) : null}
    </Card>
  );
}

export function actionLabel(t: Translate, action: string): string {
  switch (action) {
    case 'read': return t('grants.action.read');
    case 'create': return t('grants.action.create');
    case 'update': return t('grants.action.update');
    case 'delete': return t('grants.action.delete');
    case 'export': return t('grants.action.export');
    case 'order': return t('grants.action.order');
    default: return action;
  }
}
