import { Badge, Group } from '@mantine/core';
import { PROFILES, SUB_PROFILES, type Profile, type SubProfile } from '@mandate/domain/profiles';
import type { Translate } from '../lib/i18n/i18n.tsx';

/** Profile names stay in English in every language (contract terms); unknown values show as they are. */
export function profileLabel(t: Translate, profile: string): string {
  return (PROFILES as readonly string[]).includes(profile) ? t(`profileName.${profile as Profile}`) : profile;
}

export function subProfileLabel(t: Translate, subProfile: string): string {
  return (SUB_PROFILES as readonly string[]).includes(subProfile) ? t(`subProfile.${subProfile as SubProfile}`) : subProfile;
}

/** Badges in table cells keep their full text instead of an ellipsis. */
export const noTruncate = { label: { overflow: 'visible' } } as const;

interface ProfileBadgesProps {
  t: Translate;
  profile: string | null;
  subProfiles: readonly string[];
  isPrimary?: boolean;
}

/** "Access Owner [primary]" or "Support Portal User [Financial manager] [Fleet manager]". */
export function ProfileBadges({ t, profile, subProfiles, isPrimary = false }: ProfileBadgesProps) {
  return (
    <Group gap={6} wrap="wrap">
      {profile ? <span>{profileLabel(t, profile)}</span> : null}
      {isPrimary ? (
        <Badge size="sm" variant="filled" color="teal" data-testid="primary-badge" styles={noTruncate}>
          {t('common.primary')}
        </Badge>
      ) : null}
      {subProfiles.map((sub) => (
        <Badge key={sub} size="sm" variant="light" color="gray" tt="none" data-testid="sub-profile-badge" styles={noTruncate}>
          {subProfileLabel(t, sub)}
        </Badge>
      ))}
    </Group>
  );
}
