import { useCallback } from "react";
import { useSearchParams } from "react-router-dom";

type Change = (current: URLSearchParams) => URLSearchParams;

/**
 * The address's query, and a way to change it in place (a change adds no history entry). Each
 * change starts from the address as it is now: React Router hands its own updater the query of the
 * last render, so of two changes made before the page renders again (clearing a field, then
 * picking from a list) the second would undo the first.
 */
export function useAddressQuery(): [URLSearchParams, (change: Change) => void] {
  const [params, setParams] = useSearchParams();
  const change = useCallback((change: Change) => {
    setParams(change(new URLSearchParams(globalThis.location.search)), { replace: true });
  }, [setParams]);
  return [params, change];
}
