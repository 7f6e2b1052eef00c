import { useEffect, useRef } from 'react';
import { Badge, CloseButton, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { MailboxItem } from '@mandate/contracts/mail';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { MailText } from './mail-text.tsx';
import { STATUS_COLOR, formatDateTime } from './mailbox-columns.tsx';

/** The reader panel: one mail as its recipient gets it, links clickable. */
export function MailReader({ mail, onClose }: { mail: MailboxItem | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const ref = useRef<HTMLElement>(null);
  // Opening a mail moves the focus (and, on a narrow screen, the view) to the reader.
  const openId = mail?.id;
  useEffect(() => {
    if (openId) ref.current?.focus();
  }, [openId]);
  if (!mail) {
    return (
      <Paper withBorder p="lg" radius="md" data-testid="mail-reader-empty">
        <Text c="dimmed" ta="center">{t('mailbox.reader.empty')}</Text>
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
          <CloseButton onClick={onClose} aria-label={t('mailbox.reader.close')} data-testid="mail-reader-close" />
        </Group>
        <Stack gap={2}>
          <Text size="sm">
            <Text span c="dimmed">{t('mailbox.reader.to')}: </Text>
            {mail.to}
          </Text>
          <Text size="sm">
            <Text span c="dimmed">{t('mailbox.reader.date')}: </Text>
            {formatDateTime(mail.createdAt, locale)}
          </Text>
          <Group gap="xs">
            <Badge variant="dot" color={STATUS_COLOR[mail.status]} tt="none">
              {t(`mailbox.status.${mail.status}`)}
            </Badge>
            <Badge variant="light" color="gray" tt="uppercase">{mail.language}</Badge>
            <Badge variant="light" color="gray" tt="none">{mail.kind}</Badge>
          </Group>
          <Text size="sm">
            <Text span c="dimmed">{t('mailbox.reader.attempts')}: </Text>
            {mail.attempts}
          </Text>
          {mail.sentAt ? (
            <Text size="sm">
              <Text span c="dimmed">{t('mailbox.reader.sentAt')}: </Text>
              {formatDateTime(mail.sentAt, locale)}
            </Text>
          ) : null}
          {mail.lastError ? (
            <Text size="sm" c="red">
              {t('mailbox.reader.lastError', { attempts: mail.attempts })}: {mail.lastError}
            </Text>
          ) : null}
        </Stack>
        <Divider />
        <MailText text={mail.text} />
      </Stack>
    </Paper>
  );
}
