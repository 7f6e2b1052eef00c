import type { ReactNode } from 'react';
import { Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useI18n } from '../lib/i18n/i18n.tsx';
import { UserManagementTabs } from './user-management-tabs.tsx';

interface PageProps {
  title: string;
  subtitle?: ReactNode;
  /** The customer the page is about: named in the browser's title. */
  customerName?: string;
  /** Buttons on the right of the title (Add, Export…). */
  actions?: ReactNode;
  /** Above the title (a "back" link). */
  above?: ReactNode;
  /** A page of the user-management app: its tabs on top. */
  tabs?: boolean;
  testId?: string;
  children: ReactNode;
}

/** A signed-in page: the browser's title, the app's tabs, the heading with its actions, then the content. */
export function Page({ title, subtitle, customerName, actions, above, tabs = false, testId, children }: PageProps) {
  const { t } = useI18n();
  useDocumentTitle([title, customerName, t('product.name')].filter(Boolean).join(' · '));
  return (
    <Stack gap="lg" data-testid={testId}>
      {tabs ? <UserManagementTabs /> : null}
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          {above}
          <Title order={1}>{title}</Title>
          {subtitle ? <Text c="dimmed">{subtitle}</Text> : null}
        </div>
        {actions ? <Group gap="sm">{actions}</Group> : null}
      </Group>
      {children}
    </Stack>
  );
}
