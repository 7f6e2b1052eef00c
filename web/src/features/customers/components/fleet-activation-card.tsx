import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { FleetActivation } from '@mandate/contracts/fleet-activation';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ErrorState } from '../../../components/error-state.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { meQueryKey } from '../../../lib/auth.tsx';
import { useFleetActivation, useRequestFleetActivation } from '../api/fleet-activation-api.ts';
import { useCustomersI18n, type CustomersI18n } from '../i18n/customers-i18n.ts';

const KNOWN_PROBLEMS = ['too_few_sims', 'already_active', 'activation_pending'] as const;
type KnownProblem = (typeof KNOWN_PROBLEMS)[number];
const isKnown = (code: string): code is KnownProblem => (KNOWN_PROBLEMS as readonly string[]).includes(code);

/** The server's refusal of a request in the user's language, or null for any other failure (shown as the portal shows errors). */
function refusalText(i18n: CustomersI18n, error: unknown, customer: string, minimum: number): string | null {
  if (!(error instanceof ApiError) || !isKnown(error.code)) return null;
  return i18n.tc(`fleetActivation.problem.${error.code}`, { customer, minimum });
}

interface Props {
  customerId: string;
  customerName: string;
}

/**
 * Fleet Manager where the customer does not have it yet: it is activated on the customer's request
 * only with at least 30 SIM cards, and operator staff decide. Shows the SIM cards that count, the
 * request waiting, or the last refusal with its reason. With too few SIM cards the request is not
 * offered (the server refuses it too, and a refusal for a count that changed meanwhile is shown here).
 */
export function FleetActivationCard({ customerId, customerName }: Props) {
  const i18n = useCustomersI18n();
  const { tc, t } = i18n;
  const activation = useFleetActivation(customerId, true);
  const request = useRequestFleetActivation(customerId);
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [sent, setSent] = useState(false);
  const status = activation.data?.status;

  // Activated since /me was read (the operator approved): /me again, so that the app appears and this card goes.
  useEffect(() => {
    if (status === 'active') void client.invalidateQueries({ queryKey: meQueryKey });
  }, [status, client]);

  const body = (data: FleetActivation) => {
    const last = data.lastRequest;
    const refusal = refusalText(i18n, request.error, customerName, data.minimumSims);
    return (
      <Stack gap="sm">
        <Text size="sm" c="dimmed">{tc('fleetActivation.intro')}</Text>
        <Text size="sm">{tc('fleetActivation.condition', { minimum: data.minimumSims })}</Text>
        <Text size="sm" fw={500} data-testid="fleet-activation-sims" data-sims={data.sims}>
          {tc('fleetActivation.count', { customer: customerName, sims: data.sims })}
        </Text>
        {data.status === 'active' ? (
          <Alert color="green" variant="light" role="status" data-testid="fleet-activation-active">{tc('fleetActivation.active')}</Alert>
        ) : null}
        {data.status === 'requested' && last ? (
          <Alert color="blue" variant="light" role="status" data-testid="fleet-activation-pending">
            {last.requestedBy
              ? tc('fleetActivation.pending', { date: i18n.day(last.requestedAt), name: last.requestedBy.name })
              : tc('fleetActivation.pendingNoName', { date: i18n.day(last.requestedAt) })}
          </Alert>
        ) : null}
        {data.status === 'inactive' && last?.status === 'refused' ? (
          <Alert color="orange" variant="light" data-testid="fleet-activation-refused">
            <Text size="sm">{tc('fleetActivation.refused', { date: i18n.day(last.decidedAt ?? last.requestedAt) })}</Text>
            {last.reason ? <Text size="sm" data-testid="fleet-activation-refused-reason">{tc('fleetActivation.reason', { reason: last.reason })}</Text> : null}
          </Alert>
        ) : null}
        {sent && data.status === 'requested' ? (
          <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setSent(false)} data-testid="fleet-activation-sent">
            {tc('fleetActivation.sent')}
          </Alert>
        ) : null}
        {!confirming && request.error ? (
          refusal ? (
            <Alert color="red" variant="light" role="alert" data-testid="fleet-activation-error" data-code={(request.error as ApiError).code}>{refusal}</Alert>
          ) : (
            <ProblemAlert error={request.error} testId="fleet-activation-error" />
          )
        ) : null}
        {data.status === 'inactive' ? (
          <Group>
            {data.sims < data.minimumSims
              ? <Text size="xs" c="dimmed" w="100%" id="fleet-activation-too-few" data-testid="fleet-activation-too-few">{tc('fleetActivation.tooFew', { minimum: data.minimumSims })}</Text>
              : null}
            <Button
              disabled={data.sims < data.minimumSims}
              aria-describedby={data.sims < data.minimumSims ? 'fleet-activation-too-few' : undefined}
              onClick={() => {
                request.reset();
                setSent(false);
                setConfirming(true);
              }}
              data-testid="fleet-activation-request"
            >
              {tc('fleetActivation.request')}
            </Button>
          </Group>
        ) : null}
        {confirming ? (
          <ConfirmModal
            title={tc('fleetActivation.confirmTitle')}
            text={tc('fleetActivation.confirmText', { customer: customerName, minimum: data.minimumSims })}
            confirmLabel={tc('fleetActivation.request')}
            loading={request.isPending}
            testId="fleet-activation"
            onClose={() => setConfirming(false)}
            // A refusal closes the dialog and is shown on the card, beside the figures it is about.
            onConfirm={() => request.mutate(undefined, { onSuccess: () => setSent(true), onSettled: () => setConfirming(false) })}
          />
        ) : null}
      </Stack>
    );
  };

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-label={tc('fleetActivation.title')} data-testid="fleet-activation-card">
      <Title order={2} fz="h4" mb="xs">{tc('fleetActivation.title')}</Title>
      {activation.isPending ? <Skeleton height={80} aria-label={t('common.loading')} data-testid="fleet-activation-loading" /> : null}
      {activation.error ? (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">{tc('fleetActivation.loadError')}</Text>
          <ErrorState error={activation.error} inline onRetry={() => void activation.refetch()} />
        </Stack>
      ) : null}
      {activation.data ? body(activation.data) : null}
    </Card>
  );
}
