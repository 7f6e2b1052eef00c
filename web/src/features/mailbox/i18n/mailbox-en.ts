/**
 * English texts of the development mailbox (the mail outbox and the SMS gateway's log): the type
 * source of the feature's keys (a key missing from mailbox-nl.ts or mailbox-fr.ts fails the
 * typecheck). Loaded with the feature's page only, so the sign-in page does not carry them.
 */
export const mailboxEn = {
  'mailbox.title': 'Development mailbox',
  'mailbox.subtitle': 'Every mail the portal writes (invitations, reminders, decisions), newest first.',
  'mailbox.banner.title': 'Development mailbox — mails are not sent because no SMTP server is configured',
  'mailbox.banner.text': 'They wait here: open one to read it and follow its links.',
  'mailbox.smtpConfigured': 'An SMTP server is configured: mails are sent. This page shows the outbox and how each delivery went.',
  'mailbox.refresh': 'Refresh',
  'mailbox.tableLabel': 'Mails in the outbox',
  'mailbox.searchLabel': 'Recipient',
  'mailbox.searchPlaceholder': 'E-mail address or part of it',
  'mailbox.empty': 'No mails yet.',
  'mailbox.emptyFiltered': 'No mails to this recipient.',
  'mailbox.column.date': 'Written',
  'mailbox.column.to': 'To',
  'mailbox.column.subject': 'Subject',
  'mailbox.column.status': 'Status',
  'mailbox.status.pending': 'Not sent',
  'mailbox.status.sent': 'Sent',
  'mailbox.status.failed': 'Failed',
  'mailbox.open': 'Read the mail “{subject}”',
  'mailbox.reader.empty': 'Select a mail to read it.',
  'mailbox.reader.close': 'Close the mail',
  'mailbox.reader.to': 'To',
  'mailbox.reader.date': 'Written',
  'mailbox.reader.attempts': 'Attempts',
  'mailbox.reader.attachment': 'Attachment',
  'mailbox.reader.sentAt': 'Sent',
  'mailbox.reader.lastError': 'Last error after {attempts} attempt(s)',
  'mailbox.tab.mails': 'Mails',
  'mailbox.tab.sms': 'SMS',
  'mailbox.sms.intro': 'Every SMS the portal sends (announcements of new invoices), newest first. In development the SMS gateway only records them here.',
  'mailbox.sms.tableLabel': 'SMS recorded by the development SMS gateway',
  'mailbox.sms.empty': 'No SMS yet.',
  'mailbox.sms.column.date': 'Sent',
  'mailbox.sms.column.to': 'To',
  'mailbox.sms.column.kind': 'Kind',
  'mailbox.sms.column.text': 'Text',
  'mailbox.bounce': 'Simulate a bounce',
  'mailbox.bounce.title': 'Simulate a bounce of this mail?',
  'mailbox.bounce.text': 'The mail server reports that this invoice announcement did not arrive. Its delivery is marked as bounced and the financial managers of the billing account are told by mail.',
  'mailbox.bounce.confirm': 'Simulate the bounce',
  'mailbox.bounce.done': 'The bounce was recorded; {count} person(s) told.',
  'mailbox.bounce.notAnnouncement': 'This mail is not an invoice announcement: only those can bounce here.',
} as const;

export type MailboxMessages = Record<keyof typeof mailboxEn, string>;
export type MailboxKey = keyof typeof mailboxEn;
