import { Alert, Checkbox, Group, List, Stack, Text } from '@mantine/core';
import type { GrantableProfilesResponse, InitialRight } from '@mandate/contracts/users';
import type { SubProfile } from '@mandate/domain/profiles';
import { APP_ORDER } from '../../../lib/apps.ts';
import type { Translate } from '../../../lib/i18n/i18n.tsx';

type Presets = GrantableProfilesResponse['presets'];
type Action = InitialRight['actions'][number];
export interface WithheldRight extends InitialRight { reason: string }

/** Several rights on one app become one right with the union of their actions, in the apps' order. */
function mergeByApp<R extends InitialRight>(rights: R[]): R[] {
  const byApp = new Map<string, R>();
  for (const right of rights) {
    const known = byApp.get(right.app);
    byApp.set(right.app, known ? { ...known, actions: [...new Set([...known.actions, ...right.actions])] } : { ...right, actions: [...right.actions] });
  }
  return APP_ORDER.flatMap((app) => (byApp.has(app) ? [byApp.get(app)!] : []));
}

/**
 * The preset rights of the chosen sub-profiles (ROLE-1): those the inviter may give, merged per app,
 * and those he may not (unless another chosen sub-profile gives that app).
 */
export function presetRights(presets: Presets | undefined, subProfiles: readonly SubProfile[]): { rights: InitialRight[]; withheld: WithheldRight[] } {
  const chosen = (presets ?? []).filter((p) => subProfiles.includes(p.subProfile));
  const rights = mergeByApp(chosen.flatMap((p) => p.rights));
  const given = new Set(rights.map((r) => r.app));
  const withheld = mergeByApp(chosen.flatMap((p) => p.withheld).filter((w) => !given.has(w.app)));
  return { rights, withheld };
}

const key = (app: string, action: string) => `${app}:${action}`;

/** The rights the form sends: the reviewed ones, without the actions the administrator unticked. */
export function reviewedRights(rights: InitialRight[], unticked: ReadonlySet<string>): InitialRight[] {
  return rights
    .map((r) => ({ app: r.app, actions: r.actions.filter((a) => !unticked.has(key(r.app, a))) }))
    .filter((r) => r.actions.length > 0);
}

interface PresetRightsReviewProps {
  t: Translate;
  rights: InitialRight[];
  withheld: WithheldRight[];
  unticked: ReadonlySet<string>;
  onToggle: (app: string, action: Action, given: boolean) => void;
}

/** Review before saving: each preset right with its actions to untick, and what is left out and why. */
export function PresetRightsReview({ t, rights, withheld, unticked, onToggle }: PresetRightsReviewProps) {
  const actions = (r: InitialRight) => r.actions.map((a) => t(`grants.action.${a}`)).join(', ');
  return (
    <Stack gap="xs" component="section" aria-labelledby="preset-rights-title" data-testid="preset-rights">
      <Text fw={600} id="preset-rights-title">{t('userAdmin.presets.title')}</Text>
      {rights.length > 0 ? (
        <>
          <Text size="sm" c="dimmed">{t('userAdmin.presets.help')}</Text>
          {rights.map((right) => (
            <Group key={right.app} gap="md" wrap="wrap" data-testid={`preset-right-${right.app}`}>
              <Text size="sm" fw={500} miw={160}>{t(`app.${right.app}`)}</Text>
              {right.actions.map((action) => (
                <Checkbox
                  key={action}
                  label={t(`grants.action.${action}`)}
                  aria-label={`${t(`app.${right.app}`)}: ${t(`grants.action.${action}`)}`}
                  checked={!unticked.has(key(right.app, action))}
                  onChange={(event) => onToggle(right.app, action, event.currentTarget.checked)}
                  data-testid={`preset-right-${right.app}-${action}`}
                />
              ))}
            </Group>
          ))}
        </>
      ) : (
        <Text size="sm" data-testid="preset-rights-none">{t('userAdmin.presets.none')}</Text>
      )}
      {withheld.length > 0 ? (
        <Alert color="yellow" variant="light" data-testid="preset-rights-withheld">
          <Text size="sm">{t('userAdmin.presets.withheld')}</Text>
          <List size="sm" mt={4}>
            {withheld.map((w) => (
              <List.Item key={w.app} data-testid={`preset-withheld-${w.app}`}>
                {t(`app.${w.app}`)} ({actions(w)}): {t(w.reason === 'app_not_subscribed' ? 'userAdmin.presets.reason.app_not_subscribed' : 'userAdmin.presets.reason.other')}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Stack>
  );
}

export { key as presetRightKey };
