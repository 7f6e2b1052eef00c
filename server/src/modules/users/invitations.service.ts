import type { FastifyInstance } from 'fastify';
import type { AcceptInvitationResponse, InvitationInfo } from '@mandate/contracts/users';
import type { Language } from '@mandate/domain/profiles';
import { hashPassword } from '../../lib/passwords.ts';
import { HttpProblem, notFound } from '../../lib/problem.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { activateInvitedUser, findInvitation, markInvitationUsed } from './invitations.repo.ts';
import { hashToken } from './users.service.ts';

const gone = (code: 'invitation_used' | 'invitation_expired') =>
  new HttpProblem(410, code, 'Gone', code === 'invitation_used'
    ? 'This invitation link has already been used. Sign in with your password, or ask your administrator for a new invitation.'
    : 'This invitation link has expired. Ask your administrator for a new invitation.');

/** Who is invited, to which customer: 404 for an unknown, used or expired link (nothing to reveal). */
export async function describeInvitation(app: FastifyInstance, token: string): Promise<InvitationInfo> {
  const inv = await findInvitation(app.db, hashToken(token));
  if (!inv || inv.usedAt || inv.passwordHash !== null || inv.expiresAt <= app.clock.now()) throw notFound('invitation');
  return {
    email: inv.email, firstName: inv.firstName, lastName: inv.lastName, language: inv.language as Language,
    customerName: inv.customerName, expiresAt: inv.expiresAt.toISOString(),
  };
}

/**
 * Sets the password of the invited account (argon2id), activates it and uses the link up — once:
 * the invitation row is locked, so two concurrent uses give one 200 and one 410. A used or expired
 * link → 410 and nothing changes.
 */
export async function acceptInvitation(app: FastifyInstance, token: string, password: string, ip: string): Promise<AcceptInvitationResponse> {
  const tokenHash = hashToken(token);
  const peek = await findInvitation(app.db, tokenHash);
  if (!peek) throw notFound('invitation');
  // Hash outside the transaction (it is slow on purpose), after the cheap checks.
  if (peek.usedAt || peek.passwordHash !== null) throw gone('invitation_used');
  if (peek.expiresAt <= app.clock.now()) throw gone('invitation_expired');
  const passwordHash = await hashPassword(password);
  return app.db.transaction().execute(async (trx) => {
    const now = app.clock.now();
    const inv = await findInvitation(trx, tokenHash, { forUpdate: true });
    if (!inv) throw notFound('invitation');
    if (inv.usedAt || inv.passwordHash !== null) throw gone('invitation_used');
    if (inv.expiresAt <= now) throw gone('invitation_expired');
    await activateInvitedUser(trx, inv.userId, passwordHash);
    await markInvitationUsed(trx, inv.id, now);
    await appendAudit(trx, {
      at: now, actorUserId: inv.userId, customerId: inv.customerId, action: 'invitation.accept', targetType: 'User', targetId: inv.userId,
      before: { accountStatus: inv.userStatus, passwordSet: false }, after: { accountStatus: inv.userStatus === 'invited' ? 'active' : inv.userStatus, passwordSet: true }, ip,
    });
    return { email: inv.email };
  });
}
