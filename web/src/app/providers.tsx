import { useMemo, useState, type ReactNode } from 'react';
import {
  MantineProvider,
  createTheme,
  darken,
  defaultVariantColorsResolver,
  parseThemeColor,
  type CSSVariablesResolver,
  type VariantColorsResolver,
} from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from '../lib/auth.tsx';
import { I18nProvider, useI18n } from '../lib/i18n/i18n.tsx';
import { createQueryClient } from '../lib/query-client.ts';

/**
 * Colours meet WCAG 2.2 AA (4.5:1 for text) on white and on the light grey of striped rows:
 * the primary colour at shade 8 (white on it, and it on white or on its light tint), and
 * "dimmed" text a darker grey than Mantine's (#868e96 is 3.3:1).
 */
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});

/**
 * Mantine's light, subtle and outline variants write a colour's shade 6 on its pale tint, and its
 * filled variant puts white on shade 6 to 8: for green, teal, orange, red or yellow that is below
 * 4.5:1 (a green "active" badge is 2.9:1). Text takes a darkened shade 9 instead, and filled
 * backgrounds other than the primary colour a darkened shade 9 too.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || parsed.shade !== undefined) return colors;
  const text = darken(input.theme.colors[parsed.color]![9], 0.3);
  switch (input.variant) {
    case 'light':
    case 'subtle':
    case 'outline':
      return { ...colors, color: text, hoverColor: text, ...(input.variant === 'outline' ? { border: `1px solid ${text}` } : {}) };
    case 'filled':
      if (parsed.color === input.theme.primaryColor) return colors;
      return { ...colors, background: darken(input.theme.colors[parsed.color]![9], 0.2), hover: darken(input.theme.colors[parsed.color]![9], 0.3), color: 'var(--mantine-color-white)' };
    default:
      return colors;
  }
};

/** The theme, with the accessible name of every close button in the interface language. */
function useTheme() {
  const { t } = useI18n();
  const close = t('common.close');
  return useMemo(
    () =>
      createTheme({
        primaryColor: 'indigo',
        primaryShade: { light: 8, dark: 8 },
        defaultRadius: 'md',
        variantColorResolver,
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
        // Plain objects rather than Modal.extend(…): the sign-in page's bundle does not carry these components.
        components: {
          Modal: { defaultProps: { closeButtonProps: { 'aria-label': close } } },
          Drawer: { defaultProps: { closeButtonProps: { 'aria-label': close } } },
          Alert: { defaultProps: { closeButtonLabel: close } },
          Notification: { defaultProps: { closeButtonProps: { 'aria-label': close } } },
          // The menu's focus placeholder is a plain element inside role="menu", which allows only menu items.
          Menu: { defaultProps: { withInitialFocusPlaceholder: false } },
          CloseButton: { defaultProps: { 'aria-label': close } },
        },
      }),
    [close],
  );
}

function ThemedApp({ children }: { children: ReactNode }) {
  const theme = useTheme();
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      {children}
    </MantineProvider>
  );
}

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <I18nProvider>
      <ThemedApp>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>{children}</SessionProvider>
        </QueryClientProvider>
      </ThemedApp>
    </I18nProvider>
  );
}
