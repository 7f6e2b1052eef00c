import type { ReactNode } from 'react';
import { Alert, Badge, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { PublicPage } from '../../../components/public-page.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { withColon } from '../../../lib/format.ts';
import { useSandboxAnswer, useSandboxInvitation, type SandboxInvitation } from '../api/delivery-api.ts';
import { useDeliveryI18n } from '../i18n/delivery-i18n.ts';

const STATUS_COLORS: Record<SandboxInvitation['status'], string> = { pending: 'blue', accepted: 'green', refused: 'red', cancelled: 'gray' };

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">{label}</Text>
      <Text component="dd" m={0} fw={500}>{children}</Text>
    </div>
  );
}

/**
 * /sandbox/zoomit/:invitationId (public, development only): a stand-in for the customer's banking
 * app. Accept or Refuse makes the sandbox bank report the answer through the same signed webhook a
 * real bank calls (EBL-6: Zoomit becomes active only on acceptance). The server has no such route
 * in production, and the page then says the invitation does not exist.
 */
export function SandboxZoomitPage() {
  const { invitationId = '' } = useParams();
  const { td, locale } = useDeliveryI18n();
  const invitation = useSandboxInvitation(invitationId);
  const answer = useSandboxAnswer(invitationId);
  const info = invitation.data;
  const missing = invitation.error instanceof ApiError && (invitation.error.status === 404 || invitation.error.status === 400);

  let content: ReactNode;
  if (invitation.isPending) {
    content = <Stack gap="sm"><Skeleton height={28} /><Skeleton height={80} /></Stack>;
  } else if (missing) {
    content = (
      <Stack gap="md" data-testid="sandbox-not-found">
        <Title order={1} fz="h2">{td('delivery.sandbox.notFound.title')}</Title>
        <Text>{td('delivery.sandbox.notFound.text')}</Text>
      </Stack>
    );
  } else if (!info) {
    content = <ProblemAlert error={invitation.error} onRetry={() => void invitation.refetch()} />;
  } else {
    content = (
      <Stack gap="md" data-testid="sandbox-invitation">
        <div>
          <Text size="sm" c="dimmed">{info.bank}</Text>
          <Title order={1} fz="h2">{td('delivery.sandbox.invitation')}</Title>
        </div>
        <Text>{td('delivery.sandbox.intro', { customer: info.customerName, number: info.billingAccountNumber })}</Text>
        <Stack gap="xs" component="dl" m={0}>
          <Fact label={td('delivery.sandbox.bank')}>{info.bank}</Fact>
          <Fact label={td('delivery.sandbox.iban')}>{info.iban}</Fact>
        </Stack>
        <Group gap="xs" role="status" aria-live="polite">
          <Text size="sm" c="dimmed">{withColon(td('delivery.sandbox.statusLabel'), locale)}</Text>
          <Badge color={STATUS_COLORS[info.status]} variant="light" tt="none" data-testid="sandbox-status" data-status={info.status}>
            {td(`delivery.sandbox.status.${info.status}`)}
          </Badge>
        </Group>
        <ProblemAlert error={answer.error} />
        {info.status === 'pending' ? (
          <Group grow>
            <Button
              variant="default"
              color="red"
              loading={answer.isPending && answer.variables === 'refused'}
              disabled={answer.isPending}
              onClick={() => answer.mutate('refused')}
              data-testid="sandbox-refuse"
            >
              {td('delivery.sandbox.refuse')}
            </Button>
            <Button
              loading={answer.isPending && answer.variables === 'accepted'}
              disabled={answer.isPending}
              onClick={() => answer.mutate('accepted')}
              data-testid="sandbox-accept"
            >
              {td('delivery.sandbox.accept')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  }

  return (
    <PublicPage title={td('delivery.sandbox.title')}>
      <Stack gap="md">
        <Alert color="orange" variant="light" title={td('delivery.sandbox.title')} data-testid="sandbox-banner">{td('delivery.sandbox.banner')}</Alert>
        {content}
      </Stack>
    </PublicPage>
  );
}
