import { Center, Loader, Stack, Text } from '@mantine/core';

/** A centred spinner with a visible, announced label (e.g. while the session is restored). */
export function FullPageLoader({ label }: { label: string }) {
  return (
    <Center h="100vh" role="status" aria-live="polite">
      <Stack align="center" gap="sm">
        <Loader aria-hidden />
        <Text c="dimmed">{label}</Text>
      </Stack>
    </Center>
  );
}
