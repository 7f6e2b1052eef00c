import type { ReactNode } from 'react';
import { Alert, Button, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { PublicPage } from '../../../components/public-page.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { useConfirmVerification, useVerification } from '../api/delivery-api.ts';
import { useDeliveryI18n } from '../i18n/delivery-i18n.ts';
import type { DeliveryKey } from '../i18n/delivery-en.ts';

/** Why the link does not work, from the server's answer: unknown (or replaced), expired, or already used. */
function linkProblem(error: unknown): 'unknown' | 'expired' | 'used' | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'link_expired') return 'expired';
  if (error.code === 'link_used') return 'used';
  if (error.status === 404 || error.status === 400 || error.status === 410) return 'unknown';
  return null;
}

const PROBLEM_TEXTS: Record<'unknown' | 'expired' | 'used', [DeliveryKey, DeliveryKey]> = {
  unknown: ['delivery.verify.unknown.title', 'delivery.verify.unknown.text'],
  expired: ['delivery.verify.expired.title', 'delivery.verify.expired.text'],
  used: ['delivery.verify.used.title', 'delivery.verify.used.text'],
};

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">{label}</Text>
      <Text component="dd" m={0} fw={500} style={{ wordBreak: 'break-all' }} data-testid={testId}>{children}</Text>
    </div>
  );
}

/**
 * /greenbill/verify/:token (public; the link is the credential, EBL-1, EBL-4): what the link
 * confirms (customer, billing accounts, masked address), a Confirm button, then "GreenBill is
 * active". Nothing changes until Confirm, so a mail scanner opening the link activates nothing.
 */
export function GreenBillVerifyPage() {
  const { token = '' } = useParams();
  const { td } = useDeliveryI18n();
  const verification = useVerification(token);
  const confirm = useConfirmVerification(token);
  const problem = linkProblem(confirm.error) ?? linkProblem(verification.error);
  const info = verification.data;

  let content: ReactNode;
  if (verification.isPending) {
    content = <Stack gap="sm"><Skeleton height={28} /><Skeleton height={80} /></Stack>;
  } else if (problem) {
    const [title, text] = PROBLEM_TEXTS[problem];
    content = (
      <Stack gap="md" data-testid="greenbill-verify-invalid" data-problem={problem}>
        <Title order={1} fz="h2">{td(title)}</Title>
        <Text>{td(text)}</Text>
        <Button component={Link} to="/login" variant="light">{td('delivery.verify.signIn')}</Button>
      </Stack>
    );
  } else if (!info) {
    content = <ProblemAlert error={verification.error} onRetry={() => void verification.refetch()} />;
  } else if (info.status === 'confirmed') {
    content = (
      <Stack gap="md" data-testid="greenbill-verify-done">
        <Title order={1} fz="h2">{td('delivery.verify.title')}</Title>
        <Alert color="green" variant="light" role="status">
          {confirm.isSuccess ? td('delivery.verify.done', { email: info.email }) : td('delivery.verify.alreadyDone')}
        </Alert>
        <Button component={Link} to="/login" variant="light">{td('delivery.verify.signIn')}</Button>
      </Stack>
    );
  } else {
    content = (
      <Stack gap="md">
        <div>
          <Title order={1} fz="h2">{td('delivery.verify.title')}</Title>
          <Text c="dimmed" size="sm">{td('delivery.verify.intro')}</Text>
        </div>
        <Stack gap="xs" component="dl" m={0}>
          <Fact label={td('delivery.verify.customer')} testId="greenbill-verify-customer">{info.customerName}</Fact>
          <Fact label={td('delivery.verify.accounts')} testId="greenbill-verify-accounts">{info.billingAccountNumbers.join(', ')}</Fact>
          <Fact label={td('delivery.verify.email')} testId="greenbill-verify-email">{info.email}</Fact>
        </Stack>
        <ProblemAlert error={confirm.error} />
        <Button onClick={() => confirm.mutate()} loading={confirm.isPending} fullWidth data-testid="greenbill-verify-confirm">
          {td('delivery.verify.confirm')}
        </Button>
      </Stack>
    );
  }

  return <PublicPage title={td('delivery.verify.title')}>{content}</PublicPage>;
}
