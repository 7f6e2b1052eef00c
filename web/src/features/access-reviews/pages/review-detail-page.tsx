import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { subject } from '@casl/ability';
import { Link, useParams } from 'react-router';
import type { ReviewDetail, ReviewItem } from '@mandate/contracts/access-reviews';
import { ErrorState } from '../../../components/error-state.tsx';
import { ListTable } from '../../../components/list-table.tsx';
import { NotAvailable } from '../../../components/status-page.tsx';
import { noTruncate, profileLabel } from '../../../components/profile-badges.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { formatDate, fullName, withColon } from '../../../lib/format.ts';
import type { Translate } from '../../../lib/i18n/i18n.tsx';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { UserManagementTabs } from '../../../components/user-management-tabs.tsx';
import { useUrlState } from '../../../lib/url-state.ts';
import { useBulkConfirm, useDecideItem, useReview } from '../api/access-reviews-api.ts';
import { useReviewsI18n, type ReviewsTranslate } from '../i18n/reviews-i18n.ts';
import { mayReadReviews } from './reviews-page.tsx';
import { KeysetPager, useKeysetPagination } from '../../../components/keyset-pager.tsx';

const MINE = { mine: '' } as const;
const DECISION_COLOR: Record<ReviewItem['decision'], string> = { pending: 'yellow', confirmed: 'green', removed: 'red', kept: 'gray' };

/** /customers/:customerId/reviews/:reviewId — the guard, as the list's. */
export function ReviewDetailRoute() {
  const { customer, apps, ability, me } = useCustomerContext();
  const { reviewId } = useParams();
  if (!customer || !reviewId || !apps.includes('user-management') || !mayReadReviews(ability, customer.id, me.user.id)) return <NotAvailable />;
  return <ReviewDetailPage key={`${customer.id}/${reviewId}`} customerId={customer.id} customerName={customer.name} reviewId={reviewId} />;
}

function rightsSummary(t: Translate, tr: ReviewsTranslate, locale: string, item: ReviewItem): string {
  if (item.rights.length === 0) return item.memberNow ? tr(`reviews.rightsProfile.${item.profile}`) : tr('reviews.noneLeft');
  return item.rights.map((r) => {
    const scope = r.billingAccounts + r.costCentres === 0 ? t('dlg.scopeAll') : t('dlg.scopeCount', { accounts: r.billingAccounts, centres: r.costCentres });
    const actions = r.actions.map((a) => t(`dlg.action.${a}`)).join(', ');
    return `${withColon(t(`app.${r.app}`), locale)} ${actions} (${scope})`;
  }).join(' · ');
}

/** One review: the deadline banner, the items with Confirm / Remove per row and "Confirm selected". */
export function ReviewDetailPage({ customerId, customerName, reviewId }: { customerId: string; customerName: string; reviewId: string }) {
  const { t, tr, locale } = useReviewsI18n();
  const { ability, me } = useCustomerContext();
  useDocumentTitle(`${tr('reviews.detailTitle')} · ${customerName} · ${t('product.name')}`);
  const [url, setUrl] = useUrlState(MINE);
  const mine = url.mine === 'true';
  const pagination = useKeysetPagination(`${reviewId}/${String(mine)}`);
  const query = useReview(customerId, reviewId, pagination.cursor, mine);
  const decide = useDecideItem(customerId, reviewId);
  const bulk = useBulkConfirm(customerId, reviewId);
  const [selected, setSelected] = useState<string[]>([]);
  const [removing, setRemoving] = useState<ReviewItem | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (query.isPending) return <Loader aria-label={t('common.loading')} />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const { review, items, nextCursor }: ReviewDetail = query.data;
  const open = review.status === 'open';
  const mayDecide = (i: ReviewItem) =>
    open && i.user.id !== me.user.id && ability.can('update', subject('AccessReview', { customerId, reviewerId: i.reviewer.id }));
  const confirmable = items.filter((i) => i.decision === 'pending' && mayDecide(i));
  const selectedHere = selected.filter((id) => confirmable.some((i) => i.id === id));
  const deadline = formatDate(review.deadline, locale);

  const confirmOne = (item: ReviewItem) =>
    decide.mutate({ itemId: item.id, decision: 'confirm' }, { onSuccess: () => setDone(tr('reviews.confirmed', { name: fullName(item.user) })) });

  return (
    <Stack gap="lg">
      <UserManagementTabs />
      <div>
        <Anchor component={Link} to={`/customers/${customerId}/reviews`} size="sm">← {tr('reviews.back')}</Anchor>
        <Title order={1}>{tr('reviews.detailTitle')}</Title>
        <Text c="dimmed">
          {tr('reviews.detailSubtitle', { customer: customerName, name: fullName(review.startedBy), date: formatDate(review.startedAt, locale) })}
        </Text>
      </div>
      {open ? (
        <Alert color="orange" variant="light" title={tr('reviews.deadlineBanner', { deadline })} data-testid="review-banner">
          {tr('reviews.rule', { deadline })}
        </Alert>
      ) : (
        <Alert color="gray" variant="light" title={tr('reviews.closedBanner', { date: review.closedAt ? formatDate(review.closedAt, locale) : deadline })} data-testid="review-banner">
          {tr('reviews.closedSummary', { confirmed: review.progress.confirmed, removed: review.progress.removed, kept: review.progress.kept })}
        </Alert>
      )}
      <Group justify="space-between" align="center" wrap="wrap">
        <Group gap="md">
          <Text size="sm" data-testid="review-progress">{tr('reviews.progress', { decided: review.progress.decided, total: review.progress.total })}</Text>
          <Switch label={tr('reviews.onlyMine')} checked={mine} onChange={(e) => { setUrl({ mine: e.currentTarget.checked ? 'true' : null }); setSelected([]); }} data-testid="review-mine" />
        </Group>
        {open && (
          <Button
            disabled={selectedHere.length === 0} loading={bulk.isPending} data-testid="review-confirm-selected"
            onClick={() => bulk.mutate(selectedHere, {
              onSuccess: (res) => { setSelected([]); setDone(tr('reviews.confirmedMany', { count: res.items.length })); },
            })}
          >
            {tr('reviews.confirmSelected', { count: selectedHere.length })}
          </Button>
        )}
      </Group>
      {done && <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setDone(null)} data-testid="review-done">{done}</Alert>}
      <ProblemAlert error={decide.error ?? bulk.error} />
      {items.length === 0 ? (
        <Text c="dimmed" data-testid="review-items-empty">{tr('reviews.noItems')}</Text>
      ) : (
        <ListTable
          label={tr('reviews.itemsLabel')}
          testId="review-items"
          minWidth={980}
          columns={[
            open && confirmable.length > 0 ? (
              <Checkbox
                key="all"
                aria-label={tr('reviews.selectAll')}
                checked={selectedHere.length === confirmable.length}
                indeterminate={selectedHere.length > 0 && selectedHere.length < confirmable.length}
                onChange={(e) => setSelected(e.currentTarget.checked ? confirmable.map((i) => i.id) : [])}
                data-testid="review-select-all"
              />
            ) : null,
            tr('reviews.user'), tr('reviews.profile'), tr('reviews.rights'), tr('reviews.reviewer'), tr('reviews.decision'), t('dlg.actions'),
          ]}
        >
              {items.map((item) => {
                const can = mayDecide(item);
                return (
                  <Table.Tr key={item.id} data-testid={`review-row-${item.id}`}>
                    <Table.Td>
                      {item.decision === 'pending' && can && (
                        <Checkbox
                          aria-label={tr('reviews.select', { name: fullName(item.user) })}
                          checked={selected.includes(item.id)}
                          onChange={(e) => {
                            const checked = e.currentTarget.checked;
                            setSelected((s) => (checked ? [...s, item.id] : s.filter((id) => id !== item.id)));
                          }}
                          data-testid={`review-select-${item.id}`}
                        />
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>{fullName(item.user)}</Text>
                      <Text size="xs" c="dimmed">{item.user.email}</Text>
                    </Table.Td>
                    <Table.Td><Text size="sm">{profileLabel(t, item.profile)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{rightsSummary(t, tr, locale, item)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{fullName(item.reviewer)}</Text></Table.Td>
                    <Table.Td>
                      <Badge color={DECISION_COLOR[item.decision]} variant="light" tt="none" styles={noTruncate} data-testid="review-decision">{tr(`reviews.decision.${item.decision}`)}</Badge>
                      {item.decidedBy && <Text size="xs" c="dimmed">{fullName(item.decidedBy)}</Text>}
                    </Table.Td>
                    <Table.Td>
                      {can && (item.decision === 'pending' || item.decision === 'confirmed') && (
                        <Group gap="xs" wrap="nowrap">
                          {item.decision === 'pending' && (
                            <Button size="xs" variant="light" color="green" loading={decide.isPending && decide.variables?.itemId === item.id}
                              onClick={() => confirmOne(item)} data-testid={`review-confirm-${item.id}`}>
                              {tr('reviews.confirm')}
                            </Button>
                          )}
                          <Button size="xs" variant="light" color="red" onClick={() => setRemoving(item)} data-testid={`review-remove-${item.id}`}>
                            {tr('reviews.remove')}
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
        </ListTable>
      )}
      <KeysetPager pagination={pagination} nextCursor={nextCursor} />
      {removing && (
        <ConfirmModal
          title={tr('reviews.removeTitle', { name: fullName(removing.user) })}
          text={tr('reviews.removeText', { name: fullName(removing.user), customer: customerName })}
          confirmLabel={tr('reviews.remove')}
          danger
          loading={decide.isPending}
          testId="review-remove"
          onClose={() => setRemoving(null)}
          onConfirm={() => decide.mutate({ itemId: removing.id, decision: 'remove' }, {
            onSuccess: () => { setDone(tr('reviews.removed', { name: fullName(removing.user) })); setRemoving(null); },
            onError: () => setRemoving(null),
          })}
        />
      )}
    </Stack>
  );
}
