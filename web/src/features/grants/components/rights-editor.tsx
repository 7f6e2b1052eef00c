import { Fragment, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, Loader, MultiSelect, SegmentedControl, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { scopeDimensions } from '@mandate/authz/subjects';
import type { GrantItem, ScopeOptionsResponse } from '@mandate/contracts/grants';
import type { App, SubProfile } from '@mandate/domain/profiles';
import { ErrorState } from '../../../components/error-state.tsx';
import { subProfileLabel } from '../../../components/profile-badges.tsx';
import { APP_ORDER } from '../../../lib/apps.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n, type Translate } from '../../../lib/i18n/i18n.tsx';
import { codeText } from '../../../lib/problem.ts';
import { useGrantPresets, useGrantable, useSaveRights, useScopeOptions, useUserGrants } from '../api/grants-api.ts';
import {
  COLUMNS, cellActions, cellState, changeOf, columnWord, draftOf, isAvailableSoon, isDirty, scopeEmpty, scopeText, summarise, toggleCell,
  effectiveScope, type Draft, type Grantable,
} from './rights-matrix.ts';
import { RightsSummaryModal } from './rights-summary-modal.tsx';
import { hasSubProfiles } from '@mandate/authz/profile-access';

interface RightsEditorProps {
  customerId: string;
  userId: string;
  /** The user's name as the summary names him. */
  userName: string;
}

/**
 * The rights editor (ROLE-6): one matrix of the customer's apps × view / change / export / order,
 * with a scope per app, where only what the current user may grant is enabled (GET …/grantable,
 * computed with canGrant). One Save shows what changes, then writes every app at once (all or
 * nothing); the server refuses anything beyond canGrant anyway.
 */
export function RightsEditor({ customerId, userId, userName }: RightsEditorProps) {
  const { t } = useI18n();
  const grantable = useGrantable(customerId, userId);
  const grants = useUserGrants(customerId, userId);
  const presets = useGrantPresets(customerId);
  const scopeOptions = useScopeOptions(customerId);

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
  return (
    <RightsMatrix
      customerId={customerId}
      userId={userId}
      userName={userName}
      byApp={byApp}
      held={held}
      refusals={grantable.data.apps.map((a) => a.refusal).filter((r): r is string => r !== null)}
      presets={hasSubProfiles(grantable.data.user.profile) ? (presets.data?.items ?? []) : []}
      scopeOptions={scopeOptions.data}
      t={t}
    />
  );
}

interface RightsMatrixProps {
  customerId: string;
  userId: string;
  userName: string;
  byApp: Map<App, Grantable>;
  held: Map<App, GrantItem>;
  refusals: string[];
  presets: Array<{ subProfile: SubProfile; rights: Array<{ app: App; actions: string[] }> }>;
  scopeOptions: ScopeOptionsResponse | undefined;
  t: Translate;
}

type Drafts = Partial<Record<App, Draft>>;

function RightsMatrix({ customerId, userId, userName, byApp, held, refusals, presets, scopeOptions, t }: RightsMatrixProps) {
  const { locale } = useI18n();
  const allowedOf = (app: App) => byApp.get(app)?.actions ?? [];
  // Every app of the customer (what may not be granted stays visible, disabled), plus any app the user holds a right in.
  const grantableApps = APP_ORDER.filter((app) => allowedOf(app).length > 0);
  const apps = grantableApps.length > 0 || held.size > 0 ? APP_ORDER.filter((app) => byApp.has(app) || held.has(app)) : [];

  const savedDrafts = (): Drafts => Object.fromEntries(apps.map((app) => [app, draftOf(held.get(app), byApp.get(app))]));
  const [drafts, setDrafts] = useState<Drafts>(savedDrafts);
  // When the saved rights change (after a Save, or another administrator's), the matrix shows them again.
  const signature = JSON.stringify([...held.values()].map((g) => [g.app, g.actions, g.billingAccountIds, g.costCentreIds]));
  const [baseline, setBaseline] = useState(signature);
  if (baseline !== signature) {
    setBaseline(signature);
    setDrafts(savedDrafts());
  }
  const [openScope, setOpenScope] = useState<App | null>(null);
  const [presetApplied, setPresetApplied] = useState<SubProfile | null>(null);
  const [confirming, setConfirming] = useState(false);
  const save = useSaveRights(customerId, userId);

  const draftFor = (app: App): Draft => drafts[app] ?? draftOf(held.get(app), byApp.get(app));
  const update = (app: App, change: (d: Draft) => Draft) => {
    save.reset();
    setDrafts((all) => ({ ...all, [app]: change(all[app] ?? draftOf(held.get(app), byApp.get(app))) }));
  };

  const dirtyApps = apps.filter((app) => isDirty(app, draftFor(app), held.get(app)));
  const invalidApps = dirtyApps.filter((app) => scopeEmpty(app, draftFor(app)));
  const presetList = presets.filter((p) => p.rights.some((r) => grantableApps.includes(r.app)));

  const applyPreset = (subProfile: SubProfile) => {
    const preset = presets.find((p) => p.subProfile === subProfile);
    if (!preset) return;
    save.reset();
    setPresetApplied(subProfile);
    setDrafts((all) => {
      const next = { ...all };
      for (const right of preset.rights) {
        const allowed = allowedOf(right.app);
        if (allowed.length === 0) continue;
        const draft = all[right.app] ?? draftOf(held.get(right.app), byApp.get(right.app));
        next[right.app] = { ...draft, actions: allowed.filter((a) => right.actions.includes(a)) };
      }
      return next;
    });
  };

  const undo = () => {
    save.reset();
    setPresetApplied(null);
    setDrafts(savedDrafts());
  };

  const confirmSave = () => {
    save.mutate(
      { changes: dirtyApps.map((app) => changeOf(app, draftFor(app))) },
      { onSuccess: () => { setConfirming(false); setPresetApplied(null); setOpenScope(null); } },
    );
  };

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
                variant={presetApplied === p.subProfile ? 'filled' : 'light'}
                size="xs"
                onClick={() => applyPreset(p.subProfile)}
                data-testid={`rights-preset-${p.subProfile}`}
              >
                {subProfileLabel(t, p.subProfile)}
              </Button>
            ))}
          </Group>
          {presetApplied ? (
            <Alert color="blue" variant="light" data-testid="rights-preset-applied">
              {t('grants.presets.applied', { preset: subProfileLabel(t, presetApplied) })}
            </Alert>
          ) : null}
        </Stack>
      ) : null}

      {apps.length === 0 ? (
        <Alert color="gray" data-testid="rights-nothing-grantable">
          {t('grants.nothingGrantable')}
          {refusals.length > 0 ? ` ${[...new Set(refusals)].map((r) => codeText(t, r)).join(' ')}` : ''}
        </Alert>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table withTableBorder verticalSpacing="sm" aria-label={t('grants.matrix.caption')} data-testid="rights-matrix">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('grants.matrix.app')}</Table.Th>
                {COLUMNS.map((column) => (
                  <Table.Th key={column} scope="col" ta="center" data-testid={`rights-column-${column}`}>{t(`grants.column.${column}`)}</Table.Th>
                ))}
                <Table.Th scope="col">{t('grants.scope')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {apps.map((app) => {
                const draft = draftFor(app);
                const grant = held.get(app);
                const allowed = allowedOf(app);
                const editable = allowed.length > 0;
                const refusal = byApp.get(app)?.refusal ?? null;
                const dimensions = scopeDimensions(app);
                const scopable = dimensions.billingAccounts || dimensions.costCentres;
                const appName = t(`app.${app}`);
                const dirty = dirtyApps.includes(app);
                const open = openScope === app && editable && scopable;
                const editorId = `rights-scope-editor-${app}`;
                return (
                  <Fragment key={app}>
                    <Table.Tr data-testid={`rights-app-${app}`} data-dirty={dirty || undefined} bg={dirty ? 'var(--mantine-color-yellow-light)' : undefined}>
                      <Table.Th scope="row" fw={500}>
                        <Group gap={6} wrap="wrap">
                          <span>{appName}</span>
                          {isAvailableSoon(app) ? (
                            <Badge variant="default" tt="none" data-testid={`rights-soon-${app}`}>{t('grants.availableSoon')}</Badge>
                          ) : null}
                          {dirty ? (
                            <Badge variant="dot" color="yellow" tt="none" data-testid={`rights-status-${app}`}>{t('grants.status.changed')}</Badge>
                          ) : null}
                        </Group>
                        {grant?.grantedBy ? (
                          <Text size="xs" c="dimmed" fw={400}>
                            {t('grants.grantedBy', { name: grant.grantedBy.name, date: formatDate(grant.createdAt, locale) })}
                          </Text>
                        ) : null}
                        {!editable && refusal ? (
                          <Text size="xs" c="dimmed" fw={400} data-testid={`rights-readonly-${app}`}>{codeText(t, refusal)}</Text>
                        ) : null}
                      </Table.Th>
                      {COLUMNS.map((column) => {
                        const actions = cellActions(app, column);
                        if (actions.length === 0) {
                          return (
                            <Table.Td key={column} ta="center" data-testid={`rights-na-${app}-${column}`}>
                              <Text span c="dimmed" aria-hidden="true">–</Text>
                              <VisuallyHidden>{t('grants.notApplicable')}</VisuallyHidden>
                            </Table.Td>
                          );
                        }
                        const state = cellState(draft.actions, app, column);
                        return (
                          <Table.Td key={column} ta="center">
                            <Checkbox
                              styles={{ body: { justifyContent: 'center' } }}
                              checked={state === 'all'}
                              indeterminate={state === 'some'}
                              disabled={!actions.every((a) => allowed.includes(a))}
                              onChange={(event) => update(app, (d) => toggleCell(d, app, column, event.currentTarget.checked))}
                              aria-label={t('grants.cell', { app: appName, action: columnWord(t, column) })}
                              data-testid={`rights-action-${app}-${column}`}
                            />
                          </Table.Td>
                        );
                      })}
                      <Table.Td>
                        <Stack gap={4} align="flex-start">
                          {!scopable ? (
                            <Text size="sm" data-testid={`rights-scope-${app}-whole-only`}>{t('grants.scope.wholeOnly')}</Text>
                          ) : (
                            <Text size="sm" data-testid={`rights-scope-text-${app}`}>
                              {draft.actions.length === 0 ? t('common.none') : scopeText(t, effectiveScope(app, draft), scopeOptions)}
                            </Text>
                          )}
                          {editable && scopable ? (
                            <Button
                              variant="subtle"
                              size="compact-xs"
                              onClick={() => setOpenScope(open ? null : app)}
                              aria-expanded={open}
                              aria-controls={open ? editorId : undefined}
                              aria-label={t('grants.scope.editOf', { app: appName })}
                              data-testid={`rights-scope-edit-${app}`}
                            >
                              {t('grants.scope.edit')}
                            </Button>
                          ) : null}
                          {scopeEmpty(app, draft) ? <Text size="xs" c="red.8" data-testid={`rights-scope-empty-${app}`}>{t('grants.scope.empty')}</Text> : null}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                    {open ? (
                      <Table.Tr id={editorId}>
                        <Table.Td colSpan={COLUMNS.length + 2}>
                          <ScopeEditor
                            app={app}
                            appName={appName}
                            draft={draft}
                            grantable={byApp.get(app)}
                            scopeOptions={scopeOptions}
                            onChange={(change) => update(app, change)}
                            t={t}
                          />
                        </Table.Td>
                      </Table.Tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {save.isSuccess && dirtyApps.length === 0 ? (
        <Alert color="green" variant="light" role="status" data-testid="rights-saved">{t('grants.saved')}</Alert>
      ) : null}

      {grantableApps.length > 0 ? (
        <Group gap="sm">
          <Button onClick={() => { save.reset(); setConfirming(true); }} disabled={dirtyApps.length === 0 || invalidApps.length > 0} data-testid="rights-save">
            {t('grants.save')}
          </Button>
          {dirtyApps.length > 0 ? (
            <Button variant="subtle" onClick={undo} data-testid="rights-reset">{t('grants.undo')}</Button>
          ) : null}
        </Group>
      ) : null}

      {confirming ? (
        <RightsSummaryModal
          userName={userName}
          summaries={dirtyApps.map((app) => summarise(app, draftFor(app), held.get(app)))}
          scopeOptions={scopeOptions}
          saving={save.isPending}
          error={save.error}
          onConfirm={confirmSave}
          onClose={() => { setConfirming(false); save.reset(); }}
          t={t}
        />
      ) : null}
    </Stack>
  );
}

interface ScopeEditorProps {
  app: App;
  appName: string;
  draft: Draft;
  grantable: Grantable | undefined;
  scopeOptions: ScopeOptionsResponse | undefined;
  onChange: (change: (d: Draft) => Draft) => void;
  t: Translate;
}

/** The scope of one app's right: the whole company, or chosen billing accounts / cost centres (as far as the app allows). */
function ScopeEditor({ app, appName, draft, grantable, scopeOptions, onChange, t }: ScopeEditorProps) {
  const envelope = grantable?.scope ?? null;
  const mustNarrow = Boolean(envelope && (envelope.billingAccountIds.length > 0 || envelope.costCentreIds.length > 0));
  const dimensions = scopeDimensions(app);
  const accountOptions = (scopeOptions?.billingAccounts ?? [])
    .filter((b) => !envelope || envelope.billingAccountIds.length === 0 || envelope.billingAccountIds.includes(b.id))
    .map((b) => ({ value: b.id, label: `${b.number} · ${b.name}` }));
  const centreOptions = (scopeOptions?.costCentres ?? [])
    .filter((c) => !envelope || envelope.costCentreIds.length === 0 || envelope.costCentreIds.includes(c.id))
    .map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }));
  // Ids the user holds but the current user cannot see as options (e.g. beyond a fleet manager's scope).
  const known = new Set([...accountOptions, ...centreOptions].map((o) => o.value));
  const hidden = [...draft.billingAccountIds, ...draft.costCentreIds].filter((id) => !known.has(id)).length;
  const labelId = `rights-scope-label-${app}`;

  return (
    <Stack gap={6} data-testid={`rights-scope-editor-${app}`}>
      <Text size="sm" fw={500} id={labelId}>{`${t('grants.scope')} · ${appName}`}</Text>
      <SegmentedControl
        aria-labelledby={labelId}
        value={draft.narrowed ? 'narrowed' : 'all'}
        onChange={(value) => onChange((d) => ({ ...d, narrowed: value === 'narrowed' }))}
        data={[
          { value: 'all', label: t('grants.scope.all'), disabled: mustNarrow },
          { value: 'narrowed', label: t('grants.scope.narrowed') },
        ]}
        data-testid={`rights-scope-${app}`}
        w="fit-content"
      />
      {draft.narrowed ? (
        <Group grow align="flex-start" wrap="wrap">
          {dimensions.billingAccounts ? (
            <MultiSelect
              label={t('grants.scope.billingAccounts')}
              placeholder={accountOptions.length === 0 ? t('grants.scope.noOptions') : t('grants.scope.pick')}
              data={accountOptions}
              value={draft.billingAccountIds.filter((id) => known.has(id))}
              onChange={(value) => onChange((d) => ({ ...d, billingAccountIds: value }))}
              searchable
              clearable
              disabled={accountOptions.length === 0}
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
              onChange={(value) => onChange((d) => ({ ...d, costCentreIds: value }))}
              searchable
              clearable
              disabled={centreOptions.length === 0}
              nothingFoundMessage={t('grants.scope.nothingFound')}
              miw={240}
              data-testid={`rights-scope-${app}-centres`}
            />
          ) : null}
        </Group>
      ) : null}
      {hidden > 0 ? <Text size="xs" c="dimmed">{t('grants.scope.hidden', { count: hidden })}</Text> : null}
    </Stack>
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
