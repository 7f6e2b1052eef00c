import { useState } from 'react';
import { Badge, Button, Checkbox, Group, MultiSelect, Progress, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { subject } from '@casl/ability';
import { useNavigate } from 'react-router';
import { StartReviewBody, type AccessReview } from '@mandate/contracts/access-reviews';
import { addDays, brusselsDate } from '@mandate/domain/dates';
import { PROFILES, type Profile } from '@mandate/domain/profiles';
import { DateField } from '../../../components/date-field.tsx';
import { KeysetPager, useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { ListTable } from '../../../components/list-table.tsx';
import { Page } from '../../../components/page-header.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { profileLabel } from '../../../components/profile-badges.tsx';
import { NotAvailable } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { formatDate, fullName } from '../../../lib/format.ts';
import { useUsers } from '../../users/api/users-api.ts';
import { useReviews, useStartReview } from '../api/access-reviews-api.ts';
import { useReviewsI18n } from '../i18n/reviews-i18n.ts';
import { Dialog } from '../../../components/dialog.tsx';

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

/** The Brussels date `days` from today, YYYY-MM-DD (the server checks the deadline against it). */
export function dateFromToday(days: number): string {
  return addDays(brusselsDate(new Date()), days);
}

function ReviewProgress({ review }: { review: AccessReview }) {
  const { tr } = useReviewsI18n();
  const { total, decided } = review.progress;
  return (
    <Stack gap={4} miw={140}>
      <Text size="sm" data-testid="review-progress">{tr('reviews.progress', { decided, total })}</Text>
      <Progress value={total === 0 ? 0 : (decided / total) * 100} size="sm" aria-hidden />
    </Stack>
  );
}

/** The customer's access reviews, and the AO's "Start a review". */
export function ReviewsPage({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t, tr, locale } = useReviewsI18n();
  const { ability } = useCustomerContext();
  const navigate = useNavigate();
  const [starting, setStarting] = useState(false);
  const mayStart = ability.can('create', subject('AccessReview', { customerId }));
  const pagination = useKeysetPagination(customerId);
  const query = useReviews(customerId, pagination.cursor);
  const hasOpen = query.data?.items.some((r) => r.status === 'open') ?? false;

  return (
    <Page
      tabs
      title={t('reviews.title')}
      subtitle={tr('reviews.subtitle', { customer: customerName })}
      customerName={customerName}
      actions={
        mayStart ? (
          <Button onClick={() => setStarting(true)} disabled={hasOpen} title={hasOpen ? tr('reviews.oneOpen') : undefined} data-testid="review-start">
            {tr('reviews.start')}
          </Button>
        ) : null
      }
    >
      <ListStates query={query} empty={<Text c="dimmed" data-testid="reviews-empty">{mayStart ? tr('reviews.emptyOwner') : tr('reviews.empty')}</Text>}>
        {(items) => (
          <ListTable
            label={t('reviews.title')}
            testId="reviews-table"
            minWidth={760}
            columns={[
              tr('reviews.startedAt'), tr('reviews.startedBy'), tr('reviews.deadline'), tr('reviews.status'), tr('reviews.progressLabel'),
              <VisuallyHidden key="open">{tr('reviews.open')}</VisuallyHidden>,
            ]}
          >
            {items.map((r) => (
              <Table.Tr key={r.id} data-testid={`review-list-row-${r.id}`}>
                <Table.Td>{formatDate(r.startedAt, locale)}</Table.Td>
                <Table.Td>{fullName(r.startedBy)}</Table.Td>
                <Table.Td>{formatDate(r.deadline, locale)}</Table.Td>
                <Table.Td>
                  <Badge color={r.status === 'open' ? 'blue' : 'gray'} variant="light" tt="none">{tr(`reviews.status.${r.status}`)}</Badge>
                </Table.Td>
                <Table.Td><ReviewProgress review={r} /></Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => void navigate(`/customers/${customerId}/reviews/${r.id}`)} data-testid={`review-open-${r.id}`}>
                    {tr('reviews.open')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
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
    </Page>
  );
}

/** The AO picks the deadline (tomorrow … 90 days), the reviewers (AOs and AMs) and the profiles under review. */
function StartReviewModal({ customerId, onClose, onStarted }: { customerId: string; onClose: () => void; onStarted: (review: AccessReview) => void }) {
  const { t, tr } = useReviewsI18n();
  const { me } = useCustomerContext();
  const min = dateFromToday(1);
  const max = dateFromToday(90);
  const form = useSchemaForm({
    initialValues: { deadline: dateFromToday(14), reviewerIds: [me.user.id], profiles: ['support_portal_user', 'service_user'] as Profile[] },
    schema: StartReviewBody,
    toBody: (values): StartReviewBody => values,
    refine: (values) => ({
      deadline: values.deadline !== '' && (values.deadline < min || values.deadline > max) && tr('reviews.deadlineRange', { min, max }),
      reviewerIds: values.reviewerIds.length === 0 && tr('reviews.reviewersRequired'),
      profiles: values.profiles.length === 0 && tr('reviews.profilesRequired'),
    }),
  });
  const owners = useUsers(customerId, { profile: 'access_owner', status: 'active', limit: 200, cursor: null });
  const managers = useUsers(customerId, { profile: 'access_manager', status: 'active', limit: 200, cursor: null });
  const start = useStartReview(customerId);
  const candidates = [...(owners.data?.items ?? []), ...(managers.data?.items ?? [])];
  const options = candidates.map((u) => ({ value: u.id, label: `${fullName(u)} · ${profileLabel(t, u.profile)}` }));
  if (!options.some((o) => o.value === me.user.id)) options.unshift({ value: me.user.id, label: `${fullName(me.user)} · ${tr('reviews.you')}` });

  return (
    <Dialog opened onClose={onClose} title={tr('reviews.start')} centered size="lg">
      <form noValidate onSubmit={form.onSubmit((values) => start.mutate(values, { onSuccess: onStarted }))}>
        <Stack gap="md">
          <Text size="sm">{tr('reviews.startIntro')}</Text>
          <DateField
            label={tr('reviews.deadline')} description={tr('reviews.deadlineHint')} required
            minDate={min} maxDate={max} testId="review-deadline" {...form.getInputProps('deadline')}
          />
          <MultiSelect
            label={tr('reviews.reviewers')} description={tr('reviews.reviewersHint')} data={options}
            searchable required data-testid="review-reviewers" {...form.getInputProps('reviewerIds')}
          />
          <Checkbox.Group label={tr('reviews.profiles')} description={tr('reviews.profilesHint')} {...form.getInputProps('profiles')}>
            <Group gap="md" mt="xs">
              {PROFILES.map((p) => <Checkbox key={p} value={p} label={profileLabel(t, p)} data-testid={`review-profile-${p}`} />)}
            </Group>
          </Checkbox.Group>
          <ProblemAlert error={start.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={start.isPending} data-testid="review-start-submit">{tr('reviews.startSubmit')}</Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
