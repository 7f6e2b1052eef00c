import { Badge } from '@mantine/core';
import type { MembershipStatus } from '@mandate/contracts/users';
import { noTruncate } from '../../../components/profile-badges.tsx';
import type { Translate } from '../../../lib/i18n/i18n.tsx';

const COLORS: Record<MembershipStatus, string> = { active: 'green', invited: 'blue', suspended: 'red' };

/** A membership's status, the same word in the list and on the user's page (invited until he accepts, ROLE-7). */
export function UserStatusBadge({ t, status, testId }: { t: Translate; status: MembershipStatus; testId?: string }) {
  return (
    <Badge variant="dot" color={COLORS[status]} tt="none" styles={noTruncate} data-testid={testId} data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}
