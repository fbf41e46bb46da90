import { useSyncExternalStore } from "react";

/** Bootstrap's `md` breakpoint: below it, lists become stacked cards. */
export const WIDE = "(min-width: 768px)";

/**
 * Whether `query` matches now, following changes (a phone turned sideways). One layout is
 * rendered, never two hidden by CSS: two copies would repeat every id and label.
 */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      const list = matchMedia(query);
      list.addEventListener("change", changed);
      return () => list.removeEventListener("change", changed);
    },
    () => matchMedia(query).matches,
  );
}
