import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list's filters and sort in the URL's search params: they survive a reload and a shared link
 * opens the same view. A value equal to its default is left out of the URL.
 *
 * Two changes in quick succession (pick a filter, then click a sort header) must both land: the
 * router hands each update the params of the last render, so the changes not rendered yet are kept
 * here and each patch applies on top of them.
 */
export function useUrlState<K extends string>(defaults: Readonly<Record<K, string>>): [Record<K, string>, (patch: Partial<Record<K, string | null>>) => void] {
  const [params, setParams] = useSearchParams();
  const unrendered = useRef<URLSearchParams | null>(null);
  useEffect(() => {
    unrendered.current = null;
  }, [params]);
  const values = useMemo(
    () => Object.fromEntries(Object.entries<string>(defaults).map(([key, fallback]) => [key, params.get(key) ?? fallback])) as Record<K, string>,
    [params, defaults],
  );
  const set = useCallback(
    (patch: Partial<Record<K, string | null>>) => {
      const next = new URLSearchParams(unrendered.current ?? params);
      for (const [key, value] of Object.entries(patch) as Array<[K, string | null | undefined]>) {
        if (value === null || value === undefined || value === '' || value === defaults[key]) next.delete(key);
        else next.set(key, value);
      }
      unrendered.current = next;
      setParams(next, { replace: true });
    },
    [params, setParams, defaults],
  );
  return [values, set];
}

/** The value when it is one of `allowed`, else null (a hand-edited URL cannot send what the API refuses). */
export function oneOf<T extends string>(value: string, allowed: readonly T[]): T | null {
  return (allowed as readonly string[]).includes(value) ? (value as T) : null;
}
