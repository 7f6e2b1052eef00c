import { useState } from 'react';
import { Badge, Button, Checkbox, Group, Modal, MultiSelect, Progress, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { subject } from '@casl/ability';
import { useNavigate } from 'react-router';
import type { AccessReview, StartReviewBody } from '@mandate/contracts/access-reviews';
import { PROFILES, type Profile } from '@mandate/domain/profiles';
import { ListStates } from '../../../components/list-states.tsx';
import { NotAvailable } from '../../../components/status-page.tsx';
import { profileLabel } from '../../../components/profile-badges.tsx';
import { useKeysetPagination } from '../../../components/data-table.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { formatDate, fullName } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { UserManagementTabs } from '../../users/components/user-management-tabs.tsx';
import { useUsers } from '../../users/api/get-users.ts';
import { ProblemAlert } from '../../delegations/components/problem-alert.tsx';
import { useReviews, useStartReview } from '../api/access-reviews-api.ts';
import { KeysetPager } from '../../../components/keyset-pager.tsx';

/** The ability to read reviews at this customer: the AO's rule, or the AM's rule on the items assigned to him. */
export function mayReadReviews(ability: ReturnType<typeof useCustomerContext>['ability'], customerId: string, userId: string): boolean {
  return ability.can('read', subject('AccessReview', { customerId, reviewerId: userId }));
}

/** /customers/:customerId/reviews — the guard: the user-management app and the ability to read reviews. */
export function ReviewsRoute() {
  const { customer, apps, ability, me } = useCustomerContext();
  if (!customer || !apps.includes('user-management') || !mayReadReviews(ability, customer.id, me.user.id)) return <NotAvailable />;
  return <ReviewsPage key={customer.id} customerId={customer.id} customerName={customer.name} />;
}

/** Local calendar date `days` from today, YYYY-MM-DD (the server checks against the Brussels date). */
export function dateFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function ReviewProgress({ review }: { review: AccessReview }) {
  const { t } = useI18n();
  const { total, decided } = review.progress;
  return (
    <Stack gap={4} miw={140}>
      <Text size="sm" data-testid="review-progress">{t('reviews.progress', { decided, total })}</Text>
      <Progress value={total === 0 ? 0 : (decided / total) * 100} size="sm" aria-hidden />
    </Stack>
  );
}

/** Issue 3 — access reviews of the customer: the list, and the AO's "Start a review". */
export function ReviewsPage({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t, locale } = useI18n();
  const { ability } = useCustomerContext();
  const navigate = useNavigate();
  useDocumentTitle(`${t('reviews.title')} · ${customerName} · ${t('product.name')}`);
  const [starting, setStarting] = useState(false);
  const mayStart = ability.can('create', subject('AccessReview', { customerId }));
  const pagination = useKeysetPagination(customerId);
  const query = useReviews(customerId, pagination.cursor);
  const hasOpen = query.data?.items.some((r) => r.status === 'open') ?? false;

  return (
    <Stack gap="lg">
      <UserManagementTabs />
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('reviews.title')}</Title>
          <Text c="dimmed">{t('reviews.subtitle', { customer: customerName })}</Text>
        </div>
        {mayStart && (
          <Button onClick={() => setStarting(true)} disabled={hasOpen} title={hasOpen ? t('reviews.oneOpen') : undefined} data-testid="review-start">
            {t('reviews.start')}
          </Button>
        )}
      </Group>
      <ListStates query={query} empty={<Text c="dimmed" data-testid="reviews-empty">{mayStart ? t('reviews.emptyOwner') : t('reviews.empty')}</Text>}>
        {(items) => (
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover data-testid="reviews-table" aria-label={t('reviews.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reviews.startedAt')}</Table.Th>
                  <Table.Th>{t('reviews.startedBy')}</Table.Th>
                  <Table.Th>{t('reviews.deadline')}</Table.Th>
                  <Table.Th>{t('reviews.status')}</Table.Th>
                  <Table.Th>{t('reviews.progressLabel')}</Table.Th>
                  <Table.Th><VisuallyHidden>{t('reviews.open')}</VisuallyHidden></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id} data-testid={`review-list-row-${r.id}`}>
                    <Table.Td>{formatDate(r.startedAt, locale)}</Table.Td>
                    <Table.Td>{fullName(r.startedBy)}</Table.Td>
                    <Table.Td>{formatDate(r.deadline, locale)}</Table.Td>
                    <Table.Td>
                      <Badge color={r.status === 'open' ? 'blue' : 'gray'} variant="light" tt="none">{t(`reviews.status.${r.status}`)}</Badge>
                    </Table.Td>
                    <Table.Td><ReviewProgress review={r} /></Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="default" onClick={() => void navigate(`/customers/${customerId}/reviews/${r.id}`)} data-testid={`review-open-${r.id}`}>
                        {t('reviews.open')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListStates>
      <KeysetPager pagination={pagination} nextCursor={query.data?.nextCursor} />
      {mayStart && starting && (
        <StartReviewModal
          customerId={customerId}
          onClose={() => setStarting(false)}
          onStarted={(review) => void navigate(`/customers/${customerId}/reviews/${review.id}`)}
        />
      )}
    </Stack>
  );
}

/** The AO picks the deadline (tomorrow … 90 days), the reviewers (AOs and AMs) and the profiles under review. */
function StartReviewModal({ customerId, onClose, onStarted }: { customerId: string; onClose: () => void; onStarted: (review: AccessReview) => void }) {
  const { t } = useI18n();
  const { me } = useCustomerContext();
  const [deadline, setDeadline] = useState(dateFromToday(14));
  const [reviewerIds, setReviewerIds] = useState<string[]>([me.user.id]);
  const [profiles, setProfiles] = useState<Profile[]>(['support_portal_user', 'service_user']);
  const owners = useUsers(customerId, { profile: 'access_owner', status: 'active', limit: 200, cursor: null });
  const managers = useUsers(customerId, { profile: 'access_manager', status: 'active', limit: 200, cursor: null });
  const start = useStartReview(customerId);
  const candidates = [...(owners.data?.items ?? []), ...(managers.data?.items ?? [])];
  const options = candidates.map((u) => ({ value: u.id, label: `${fullName(u)} · ${profileLabel(t, u.profile)}` }));
  if (!options.some((o) => o.value === me.user.id)) options.unshift({ value: me.user.id, label: `${fullName(me.user)} · ${t('reviews.you')}` });
  const min = dateFromToday(1);
  const max = dateFromToday(90);
  const deadlineError = deadline && (deadline < min || deadline > max) ? t('reviews.deadlineRange', { min, max }) : null;

  const submit = () => {
    if (!deadline || deadlineError || profiles.length === 0 || reviewerIds.length === 0) return;
    const body: StartReviewBody = { deadline, reviewerIds, profiles };
    start.mutate(body, { onSuccess: onStarted });
  };

  return (
    <Modal opened onClose={onClose} title={t('reviews.start')} centered size="lg">
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Stack gap="md">
          <Text size="sm">{t('reviews.startIntro')}</Text>
          <TextInput
            type="date" label={t('reviews.deadline')} description={t('reviews.deadlineHint')} required value={deadline}
            min={min} max={max} onChange={(e) => setDeadline(e.currentTarget.value)} error={deadlineError} data-testid="review-deadline"
          />
          <MultiSelect
            label={t('reviews.reviewers')} description={t('reviews.reviewersHint')} data={options} value={reviewerIds}
            onChange={setReviewerIds} searchable required error={reviewerIds.length === 0 ? t('reviews.reviewersRequired') : null}
            data-testid="review-reviewers"
          />
          <Checkbox.Group label={t('reviews.profiles')} description={t('reviews.profilesHint')} value={profiles} onChange={(v) => setProfiles(v as Profile[])}
            error={profiles.length === 0 ? t('reviews.profilesRequired') : null}>
            <Group gap="md" mt="xs">
              {PROFILES.map((p) => <Checkbox key={p} value={p} label={profileLabel(t, p)} data-testid={`review-profile-${p}`} />)}
            </Group>
          </Checkbox.Group>
          <ProblemAlert error={start.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('userAdmin.cancel')}</Button>
            <Button type="submit" loading={start.isPending} data-testid="review-start-submit">{t('reviews.startSubmit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
