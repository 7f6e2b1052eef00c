import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { LANGUAGES } from '@mandate/domain/profiles';
import { isLanguage, useI18n } from '../lib/i18n/i18n.tsx';

/** NL / FR / EN. The choice is remembered in this browser and sets <html lang>. */
export function LanguageSwitcher({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const { language, setLanguage, t } = useI18n();
  const labelId = useId();
  return (
    <>
      <VisuallyHidden id={labelId}>{t('language.label')}</VisuallyHidden>
      <SegmentedControl
        data-testid="language-switcher"
        aria-labelledby={labelId}
        size={size}
        value={language}
        onChange={(value) => {
          if (isLanguage(value)) setLanguage(value);
        }}
        data={LANGUAGES.map((lang) => ({ value: lang, label: lang.toUpperCase() }))}
      />
    </>
  );
}
