import { useCallback, useReducer } from "react";
import { useLocation, useSearchParams } from "react-router-dom";

type Change = (current: URLSearchParams) => URLSearchParams;

/**
 * The address's query, and a way to change it in place (a change adds no history entry).
 *
 * React Router lags behind the address in two ways, and each change here goes around both. Its
 * updater gets the query of the last render: of two changes made before the page renders again
 * (clearing a field, then picking from a list) the second would undo the first, so a change
 * starts from the address as it is now. And it applies a navigation in a transition, so a field
 * showing the query would be set back to its old value until the transition lands, losing what
 * is typed meanwhile: the query returned is the address itself, and a change renders at once.
 */
export function useAddressQuery(): [URLSearchParams, (change: Change) => void] {
  const routed = useLocation();
  const [params, setParams] = useSearchParams();
  const [, renderNow] = useReducer((n: number) => n + 1, 0);
  const change = useCallback((change: Change) => {
    // The browser's address changes here and now; the router's copy follows in a transition.
    setParams(change(new URLSearchParams(globalThis.location.search)), { replace: true });
    renderNow();
  }, [setParams]);
  // While a navigation to another page is under way, this page keeps the query it was shown with.
  const query = globalThis.location.pathname === routed.pathname
    ? new URLSearchParams(globalThis.location.search)
    : params;
  return [query, change];
}
