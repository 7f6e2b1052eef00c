import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, CloseButton, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { MailboxItem } from '@mandate/contracts/mail';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { withColon } from '../../../lib/format.ts';
import { useMailboxI18n } from '../i18n/mailbox-i18n.ts';
import { useBounceMail } from '../api/mailbox-api.ts';
import { MailText } from './mail-text.tsx';
import { STATUS_COLOR, formatDateTime } from './mailbox-columns.tsx';

/** The kind of the mail that announces a new invoice (GreenBill): the one mail a bounce can be played for. */
const INVOICE_READY = 'invoice_ready';

/**
 * Development: play the mail server's bounce of an invoice announcement, with its reason. The
 * delivery becomes "bounced" and the account's financial managers get a mail (in this outbox).
 */
function SimulateBounce({ mail }: { mail: MailboxItem }) {
  const { tm } = useMailboxI18n();
  const bounce = useBounceMail();
  const [asking, setAsking] = useState(false);
  // A 404 here means the mail announces no invoice; said in the user's words (the code has no text of its own).
  const error = bounce.error instanceof ApiError && bounce.error.status === 404
    ? new ApiError({ ...bounce.error.problem, code: 'not_an_announcement', detail: tm('mailbox.bounce.notAnnouncement') })
    : bounce.error;
  return (
    <Stack gap="xs" align="flex-start">
      <Button size="xs" variant="light" color="orange" onClick={() => setAsking(true)} data-testid="mail-bounce">{tm('mailbox.bounce')}</Button>
      {bounce.isSuccess && bounce.variables.mailId === mail.id ? (
        <Alert color="green" variant="light" role="status" data-testid="mail-bounce-done">{tm('mailbox.bounce.done', { count: bounce.data.notified })}</Alert>
      ) : null}
      {asking ? (
        <ConfirmModal
          title={tm('mailbox.bounce.title')}
          text={tm('mailbox.bounce.text')}
          confirmLabel={tm('mailbox.bounce.confirm')}
          reason="required"
          danger
          loading={bounce.isPending}
          error={error}
          onConfirm={(reason) => bounce.mutate({ mailId: mail.id, reason }, { onSuccess: () => setAsking(false) })}
          onClose={() => {
            bounce.reset();
            setAsking(false);
          }}
          testId="bounce"
        />
      ) : null}
    </Stack>
  );
}

/** The reader panel: one mail as its recipient gets it, links clickable. */
export function MailReader({ mail, onClose }: { mail: MailboxItem | null; onClose: () => void }) {
  const { tm, locale } = useMailboxI18n();
  const ref = useRef<HTMLElement>(null);
  // Opening a mail moves the focus (and, on a narrow screen, the view) to the reader.
  const openId = mail?.id;
  useEffect(() => {
    if (openId) ref.current?.focus();
  }, [openId]);
  if (!mail) {
    return (
      <Paper withBorder p="lg" radius="md" data-testid="mail-reader-empty">
        <Text c="dimmed" ta="center">{tm('mailbox.reader.empty')}</Text>
      </Paper>
    );
  }
  return (
    <Paper ref={ref} tabIndex={-1} withBorder p="lg" radius="md" component="article" aria-labelledby="mail-reader-subject" data-testid="mail-reader">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h4" id="mail-reader-subject" data-testid="mail-reader-subject">
            {mail.subject}
          </Title>
          <CloseButton onClick={onClose} aria-label={tm('mailbox.reader.close')} data-testid="mail-reader-close" />
        </Group>
        <Stack gap={2}>
          <Text size="sm">
            <Text span c="dimmed">{withColon(tm('mailbox.reader.to'), locale)} </Text>
            {mail.to}
          </Text>
          <Text size="sm">
            <Text span c="dimmed">{withColon(tm('mailbox.reader.date'), locale)} </Text>
            {formatDateTime(mail.createdAt, locale)}
          </Text>
          <Group gap="xs">
            <Badge variant="dot" color={STATUS_COLOR[mail.status]} tt="none">
              {tm(`mailbox.status.${mail.status}`)}
            </Badge>
            <Badge variant="light" color="gray" tt="uppercase">{mail.language}</Badge>
            <Badge variant="light" color="gray" tt="none">{mail.kind}</Badge>
          </Group>
          <Text size="sm">
            <Text span c="dimmed">{withColon(tm('mailbox.reader.attempts'), locale)} </Text>
            {mail.attempts}
          </Text>
          {mail.sentAt ? (
            <Text size="sm">
              <Text span c="dimmed">{withColon(tm('mailbox.reader.sentAt'), locale)} </Text>
              {formatDateTime(mail.sentAt, locale)}
            </Text>
          ) : null}
          {mail.attachment ? (
            <Text size="sm" data-testid="mail-reader-attachment">
              <Text span c="dimmed">{withColon(tm('mailbox.reader.attachment'), locale)} </Text>
              {mail.attachment}
            </Text>
          ) : null}
          {mail.lastError ? (
            <Text size="sm" c="red">
              {withColon(tm('mailbox.reader.lastError', { attempts: mail.attempts }), locale)} {mail.lastError}
            </Text>
          ) : null}
        </Stack>
        {mail.kind === INVOICE_READY ? <SimulateBounce key={mail.id} mail={mail} /> : null}
        <Divider />
        <MailText text={mail.text} />
      </Stack>
    </Paper>
  );
}
