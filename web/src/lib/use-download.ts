import { useCallback, useState } from 'react';

/**
 * A file fetched when a button is pressed: busy while it downloads (the button shows it), the
 * failure kept so the button can say why next to it; a new attempt clears it.
 */
export function useDownload() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const start = useCallback((download: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    download().catch(setError).finally(() => setBusy(false));
  }, []);
  return { busy, error, start };
}
