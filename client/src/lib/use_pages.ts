import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "./http.ts";

/** `total`: how many items the whole list has, when the API counted them (on the first page). */
export type Page<T> = { items: T[]; nextCursor: string | null; total?: number };
type Status = "loading" | "loaded" | "failed";

/**
 * A list the API pages with cursors, as loaded so far. It starts again from the first page when
 * `fetchPage` (memoise it over its filters) or `reloadKey` changes; answers that arrive after such
 * a change are dropped, so a slow old search never overwrites a newer one. `onError` (memoise it
 * too) is also told each failure, for a page that shows them elsewhere.
 */
export function usePages<T>(
  fetchPage: (cursor?: string) => Promise<Page<T>>,
  reloadKey: unknown = null,
  onError?: (message: string) => void,
) {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [total, setTotal] = useState<number | undefined>();
  const [status, setStatus] = useState<Status>("loading");
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);

  useEffect(() => {
    const started = ++generation.current;
    setStatus("loading");
    setError(null);
    fetchPage().then((page) => {
      if (generation.current !== started) return;
      setItems(page.items);
      setNextCursor(page.nextCursor);
      setTotal(page.total);
      setStatus("loaded");
    }, (failure) => {
      if (generation.current !== started) return;
      setStatus("failed");
      setError(errorMessage(failure));
      onError?.(errorMessage(failure));
    });
  }, [fetchPage, reloadKey, attempt, onError]);

  const loadMore = useCallback(async () => {
    if (nextCursor === null || loadingMore) return;
    const started = generation.current;
    setLoadingMore(true);
    try {
      const page = await fetchPage(nextCursor);
      if (generation.current !== started) return;
      setItems((loaded) => [...loaded, ...page.items]);
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (failure) {
      if (generation.current !== started) return;
      setError(errorMessage(failure));
      onError?.(errorMessage(failure));
    } finally {
      setLoadingMore(false);
    }
  }, [fetchPage, nextCursor, loadingMore, onError]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  /** After adding (1) or removing (-1) an item here: the total says so without a reload. */
  const countChange = useCallback((delta: number) => {
    setTotal((counted) => counted === undefined ? counted : Math.max(0, counted + delta));
  }, []);

  return {
    items,
    setItems,
    countChange,
    nextCursor,
    total,
    status,
    error,
    loadingMore,
    loadMore,
    retry,
  };
}

/** What `usePages` returns: a list as loaded so far. */
export type Pages<T> = ReturnType<typeof usePages<T>>;
