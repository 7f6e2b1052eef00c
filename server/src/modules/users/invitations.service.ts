import type { AcceptInvitationResponse, InvitationInfo } from '@mandate/contracts/users';
import type { Language } from '@mandate/domain/profiles';
import type { Deps } from '../../lib/deps.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { HttpProblem, badRequest, notFound } from '../../lib/problem.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { activateInvitedUser, findInvitation, markInvitationUsed } from './invitations.repo.ts';
import { acceptMembership, hashToken } from './users.service.ts';

const gone = (code: 'invitation_used' | 'invitation_expired') =>
  new HttpProblem(410, code, 'Gone', code === 'invitation_used'
    ? 'This invitation link has already been used. Sign in with your password, or ask your administrator for a new invitation.'
    : 'This invitation link has expired. Ask your administrator for a new invitation.');

const wrongPassword = () => badRequest('body.password', 'This is not the password of this account.', 'wrong_password');

/** Who is invited, to which customer: 404 for an unknown, used or expired link (nothing to reveal). */
export async function describeInvitation(deps: Deps, token: string): Promise<InvitationInfo> {
  const inv = await findInvitation(deps.db, hashToken(token));
  if (!inv || inv.usedAt || inv.expiresAt <= deps.clock.now()) throw notFound('invitation');
  return {
    email: inv.email, firstName: inv.firstName, lastName: inv.lastName, language: inv.language as Language,
    customerName: inv.customerName, expiresAt: inv.expiresAt.toISOString(), hasPassword: inv.passwordHash !== null,
  };
}

/**
 * The invited person accepts (ROLE-7: only then is he a member). A new account sets its password
 * (argon2id) and becomes active; an existing account proves it is his with its password. The
 * membership becomes active and the link is used up — once: the invitation row is locked, so two
 * concurrent uses give one 200 and one 410. A used or expired link → 410 and nothing changes.
 */
export async function acceptInvitation(deps: Deps, token: string, password: string, ip: string): Promise<AcceptInvitationResponse> {
  const tokenHash = hashToken(token);
  const peek = await findInvitation(deps.db, tokenHash);
  if (!peek) throw notFound('invitation');
  if (peek.usedAt) throw gone('invitation_used');
  if (peek.expiresAt <= deps.clock.now()) throw gone('invitation_expired');
  // Argon2 is slow on purpose: hash or verify after the cheap checks, outside the transaction.
  const newPasswordHash = peek.passwordHash === null ? await hashPassword(password) : null;
  if (peek.passwordHash !== null && !(await verifyPassword(peek.passwordHash, password))) throw wrongPassword();
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const inv = await findInvitation(trx, tokenHash, { forUpdate: true });
    if (!inv) throw notFound('invitation');
    if (inv.usedAt) throw gone('invitation_used');
    if (inv.expiresAt <= now) throw gone('invitation_expired');
    if (inv.passwordHash === null) {
      await activateInvitedUser(trx, inv.userId, newPasswordHash ?? (await hashPassword(password)));
    } else if (inv.passwordHash !== peek.passwordHash && !(await verifyPassword(inv.passwordHash, password))) {
      // He chose a password through another invitation in the meantime: this one is confirmed with it.
      throw wrongPassword();
    }
    if (!(await acceptMembership(trx, deps, inv.customerId, inv.userId))) throw gone('invitation_used');
    await markInvitationUsed(trx, inv.id, now);
    const accountStatus = inv.userStatus === 'invited' ? 'active' : inv.userStatus;
    await appendAudit(trx, {
      at: now, actorUserId: inv.userId, customerId: inv.customerId, action: 'invitation.accept', targetType: 'User', targetId: inv.userId,
      before: { status: 'invited', accountStatus: inv.userStatus, passwordSet: inv.passwordHash !== null },
      after: { status: 'active', accountStatus, passwordSet: true }, ip,
    });
    return { email: inv.email };
  });
}
