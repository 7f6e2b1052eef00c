import { useId, useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Button, Collapse, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { withColon } from '../../../lib/format.ts';
import {
  isStale, useActivatePeppol, useCancelRequest, useResendVerification, useSandboxInvitation, type DeliverySetting,
} from '../api/delivery-api.ts';
import { useDeliveryI18n } from '../i18n/delivery-i18n.ts';
import { CancelDeliveryModal } from './cancel-delivery-modal.tsx';
import { DeliveryStateBadge } from './delivery-format.tsx';
import { DeliveryHistory } from './delivery-history.tsx';
import { GreenBillModal } from './greenbill-modal.tsx';
import { ZoomitModal } from './zoomit-modal.tsx';

export interface Notice {
  text: string;
  color: 'green' | 'blue';
}

interface DeliveryCardProps {
  customerId: string;
  setting: DeliverySetting;
  /** Whether the user may change the delivery (the server decides per account). */
  mayUpdate: boolean;
  /** Every fixed-services account shown: a fixed account's GreenBill covers them all. */
  fixedNumbers: string[];
  /** The bank's name by BIC (Zoomit). */
  bankName: (bic: string) => string;
  onNotice: (notice: Notice) => void;
}

type Dialog = 'greenbill' | 'zoomit' | 'peppol' | 'paper' | 'cancel-request' | null;

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">{label}</Text>
      <Text component="dd" m={0} size="sm" fw={500} style={{ wordBreak: 'break-all' }} data-testid={testId}>{children}</Text>
    </div>
  );
}

/**
 * The development sandbox bank plays the customer's banking app; its page is offered only where
 * the server has it (it answers 404 in production, and the link then stays hidden).
 */
function SandboxLink({ invitationId }: { invitationId: string }) {
  const { td } = useDeliveryI18n();
  const sandbox = useSandboxInvitation(invitationId);
  if (!sandbox.data) return null;
  return (
    <Anchor component={Link} to={`/sandbox/zoomit/${invitationId}`} size="sm" data-testid="sandbox-link">
      {td('delivery.sandbox.link')}
    </Anchor>
  );
}

/** What the account's delivery is now: the channel's masked address, IBAN or Peppol address. */
function CurrentDelivery({ setting, bankName }: { setting: DeliverySetting; bankName: (bic: string) => string }) {
  const { td, dayOf } = useDeliveryI18n();
  const active = setting.channel !== 'paper';
  if (!active) return <Text size="sm" data-testid="delivery-paper">{td('delivery.paperText')}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm" component="dl" m={0} data-testid="delivery-current">
      {setting.channel === 'greenbill' ? (
        <>
          <Field label={td('delivery.field.email')} testId="delivery-email">{setting.email ?? '—'}</Field>
          <Field label={td('delivery.field.notify')}>{setting.notify ? td(`delivery.notify.${setting.notify}`) : '—'}</Field>
          {setting.mobile ? <Field label={td('delivery.field.mobile')} testId="delivery-mobile">{setting.mobile}</Field> : null}
        </>
      ) : null}
      {setting.channel === 'zoomit' ? (
        <>
          <Field label={td('delivery.field.iban')} testId="delivery-iban">{setting.iban ?? '—'}</Field>
          {setting.bic ? <Field label={td('delivery.field.bank')}>{bankName(setting.bic)}</Field> : null}
        </>
      ) : null}
      {setting.channel === 'peppol' ? <Field label={td('delivery.field.peppolId')} testId="delivery-peppol-id">{setting.peppolId ?? '—'}</Field> : null}
      {setting.activatedAt ? <Field label={td('delivery.field.activatedAt')}>{dayOf(setting.activatedAt)}</Field> : null}
    </SimpleGrid>
  );
}

/** What waits: a GreenBill address until its link is followed, a Zoomit invitation until the bank answers. */
function PendingRequest({ customerId, setting, mayUpdate, bankName, onCancel, onNotice }: {
  customerId: string;
  setting: DeliverySetting;
  mayUpdate: boolean;
  bankName: (bic: string) => string;
  onCancel: () => void;
  onNotice: (notice: Notice) => void;
}) {
  const { td, dateTime, locale } = useDeliveryI18n();
  const resend = useResendVerification(customerId);
  const pending = setting.pending;
  if (!pending) return null;
  const greenbill = pending.channel === 'greenbill';
  return (
    <Alert color={greenbill ? 'orange' : 'blue'} variant="light" data-testid="delivery-pending" data-channel={pending.channel}>
      <Stack gap="xs">
        {greenbill ? (
          <>
            <Text size="sm">{td('delivery.pending.greenbill', { email: pending.email ?? '—' })}</Text>
            {pending.coversFixedAccounts ? <Text size="sm">{td('delivery.pending.coversFixed')}</Text> : null}
            {pending.expiresAt ? <Text size="sm" data-testid="delivery-pending-expires">{td('delivery.pending.expires', { date: dateTime(pending.expiresAt) })}</Text> : null}
          </>
        ) : (
          <>
            <Text size="sm">{td('delivery.pending.zoomit', { iban: pending.iban ?? '—' })}</Text>
            {pending.bic ? <Text size="sm">{withColon(td('delivery.field.bank'), locale)} {bankName(pending.bic)}</Text> : null}
          </>
        )}
        <Text size="xs" c="dimmed">{td('delivery.pending.since', { date: dateTime(pending.createdAt) })}</Text>
        <ProblemAlert error={resend.error} />
        <Group gap="sm">
          {mayUpdate && greenbill ? (
            <Button
              size="xs"
              variant="white"
              loading={resend.isPending}
              onClick={() => resend.mutate(
                { billingAccountId: setting.billingAccountId, requestId: pending.id },
                { onSuccess: (result) => onNotice({ color: 'blue', text: td('delivery.pending.resent', { email: result.pending?.email ?? pending.email ?? '' }) }) },
              )}
              data-testid="pending-resend"
            >
              {td('delivery.pending.resend')}
            </Button>
          ) : null}
          {mayUpdate ? (
            <Button size="xs" variant="white" color="red" onClick={onCancel} data-testid="pending-cancel">{td('delivery.pending.cancel')}</Button>
          ) : null}
          {!greenbill ? <SandboxLink invitationId={pending.id} /> : null}
        </Group>
      </Stack>
    </Alert>
  );
}

/** One billing account: how it receives its invoices, what waits, the last bounce, the changes and the history. */
export function DeliveryCard({ customerId, setting, mayUpdate, fixedNumbers, bankName, onNotice }: DeliveryCardProps) {
  const { td, dateTime } = useDeliveryI18n();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const peppol = useActivatePeppol(customerId);
  const cancelRequest = useCancelRequest(customerId);
  const historyId = useId();
  const titleId = useId();
  const number = setting.billingAccountNumber;
  const close = () => setDialog(null);

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={titleId} data-testid={`delivery-card-${number}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Group gap="xs" align="baseline">
              <Title order={2} size="h4" id={titleId}>{number}</Title>
              <Badge variant="outline" color="gray" tt="none">{td(`delivery.type.${setting.billingAccountType}`)}</Badge>
            </Group>
            <Text size="sm" c="dimmed">{setting.billingAccountName}</Text>
          </div>
          <DeliveryStateBadge setting={setting} />
        </Group>

        <CurrentDelivery setting={setting} bankName={bankName} />

        {setting.lastBounce ? (
          <Alert color="red" variant="light" title={td('delivery.bounce.title')} data-testid="delivery-bounce">
            {td('delivery.bounce.text', { date: dateTime(setting.lastBounce.at), email: setting.email ?? '—', reason: setting.lastBounce.reason })}
          </Alert>
        ) : null}

        <PendingRequest
          customerId={customerId}
          setting={setting}
          mayUpdate={mayUpdate}
          bankName={bankName}
          onCancel={() => setDialog('cancel-request')}
          onNotice={onNotice}
        />

        <Group gap="sm" role="group" aria-label={td('delivery.actionsOf', { number })}>
          {mayUpdate ? (
            <>
              <Button size="sm" variant={setting.channel === 'greenbill' ? 'default' : 'filled'} onClick={() => setDialog('greenbill')} data-testid="greenbill-activate">
                {setting.channel === 'greenbill' ? td('delivery.action.changeAddress') : td('delivery.action.greenbill')}
              </Button>
              <Button size="sm" variant="default" onClick={() => setDialog('zoomit')} data-testid="zoomit-open">{td('delivery.action.zoomit')}</Button>
              {setting.channel !== 'peppol' ? (
                <Button size="sm" variant="default" onClick={() => setDialog('peppol')} data-testid="peppol-open">{td('delivery.action.peppol')}</Button>
              ) : null}
              {setting.channel !== 'paper' ? (
                <Button size="sm" variant="default" color="red" onClick={() => setDialog('paper')} data-testid="cancel-delivery">{td('delivery.action.paper')}</Button>
              ) : null}
            </>
          ) : null}
          <Button
            size="sm"
            variant="subtle"
            aria-expanded={historyOpen}
            aria-controls={historyId}
            onClick={() => setHistoryOpen((open) => !open)}
            data-testid="delivery-history"
          >
            {td('delivery.action.history')}
          </Button>
        </Group>

        <Collapse in={historyOpen}>
          {historyOpen ? <DeliveryHistory customerId={customerId} billingAccountId={setting.billingAccountId} number={number} id={historyId} /> : <div id={historyId} />}
        </Collapse>
      </Stack>

      {dialog === 'greenbill' ? (
        <GreenBillModal
          customerId={customerId}
          setting={setting}
          fixedNumbers={fixedNumbers}
          onClose={close}
          onDone={(outcome, result) => {
            close();
            onNotice(outcome === 'sent'
              ? { color: 'blue', text: td('delivery.greenbill.sent', { email: result.pending?.email ?? '' }) }
              : { color: 'green', text: td('delivery.greenbill.notifyChanged') });
          }}
        />
      ) : null}
      {dialog === 'zoomit' ? (
        <ZoomitModal
          customerId={customerId}
          setting={setting}
          onClose={close}
          onDone={() => {
            close();
            onNotice({ color: 'blue', text: td('delivery.zoomit.sent', { number }) });
          }}
        />
      ) : null}
      {dialog === 'paper' ? (
        <CancelDeliveryModal
          customerId={customerId}
          setting={setting}
          onClose={close}
          onDone={() => {
            close();
            onNotice({ color: 'green', text: td('delivery.cancel.done', { number }) });
          }}
        />
      ) : null}
      {dialog === 'peppol' ? (
        <ConfirmModal
          title={td('delivery.peppol.title', { number })}
          text={td('delivery.peppol.text', { number })}
          confirmLabel={td('delivery.peppol.confirm')}
          loading={peppol.isPending}
          error={peppolError(peppol.error, td('delivery.peppol.noId'), td('delivery.stale'))}
          onConfirm={() => peppol.mutate(setting, {
            onSuccess: () => {
              close();
              onNotice({ color: 'green', text: td('delivery.peppol.done', { number }) });
            },
          })}
          onClose={() => {
            peppol.reset();
            close();
          }}
          testId="peppol"
        />
      ) : null}
      {dialog === 'cancel-request' && setting.pending ? (
        <ConfirmModal
          title={td('delivery.pending.cancelTitle')}
          text={setting.pending.channel === 'greenbill'
            ? td('delivery.pending.cancelGreenbill', { email: setting.pending.email ?? '—', number })
            : td('delivery.pending.cancelZoomit', { iban: setting.pending.iban ?? '—', number })}
          confirmLabel={td('delivery.pending.cancel')}
          danger
          loading={cancelRequest.isPending}
          error={cancelRequest.error}
          onConfirm={() => cancelRequest.mutate(
            { billingAccountId: setting.billingAccountId, requestId: setting.pending!.id },
            {
              onSuccess: () => {
                close();
                onNotice({ color: 'green', text: td('delivery.pending.cancelled') });
              },
            },
          )}
          onClose={() => {
            cancelRequest.reset();
            close();
          }}
          testId="cancel-request"
        />
      ) : null}
    </Paper>
  );
}

/**
 * The Peppol dialog's error in words of its own where the code has none in the portal's catalogue:
 * ConfirmModal shows it through ProblemAlert, which shows the problem's detail of such a code.
 */
function peppolError(error: unknown, noId: string, stale: string): unknown {
  if (!(error instanceof ApiError)) return error;
  // The If-Match header a 412 names is no field of the user's.
  const { errors: _fields, ...problem } = error.problem;
  if (isStale(error)) return new ApiError({ ...problem, detail: stale });
  if (error.code === 'no_peppol_id') return new ApiError({ ...problem, detail: noId });
  return error;
}
