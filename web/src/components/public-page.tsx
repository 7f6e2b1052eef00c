import type { ReactNode } from 'react';
import { Center, Group, Paper, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useI18n } from '../lib/i18n/i18n.tsx';
import { LanguageSwitcher } from './language-switcher.tsx';

/** A page outside the signed-in shell (sign-in, invitation): the product name, the language switcher and one card. */
export function PublicPage({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  useDocumentTitle(`${title} · ${t('product.name')}`);
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Stack w="100%" maw={440} gap="md">
        <Group justify="space-between">
          <Text fw={800} fz="xl" c="indigo.7">
            {t('product.name')}
          </Text>
          <LanguageSwitcher />
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md" component="main">
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
