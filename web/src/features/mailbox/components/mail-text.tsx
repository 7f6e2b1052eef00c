import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';

const LINK = /https?:\/\/[^\s<>"')\]]+/g;

/** A mail's plain text with its http(s) links clickable (trailing punctuation stays text). */
export function MailText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const url = match[0].replace(/[.,;:!?]+$/, '');
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <Anchor key={start} href={url} rel="noreferrer" data-testid="mail-link" style={{ wordBreak: 'break-all' }}>
        {url}
      </Anchor>,
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <div style={{ whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family)', fontSize: 'var(--mantine-font-size-sm)', lineHeight: 1.6 }} data-testid="mail-text">
      {parts}
    </div>
  );
}
