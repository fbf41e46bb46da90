import { useCallback, useState } from "react";
import { useAlert } from "../../lib/alerts.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { errorMessage } from "../../lib/http.ts";
import { useAddressQuery } from "../../lib/use_address_query.ts";
import { useDebounced } from "../../lib/use_debounced.ts";
import { usePages } from "../../lib/use_pages.ts";
import { type ManagedUser, searchUsers, updateUser, type UserFilters } from "./api.ts";

export type Flag = "active" | "admin";

/** The search with its filters, the rows loaded so far, and the flag switches' round trips. */
export function useManagedUsers() {
  const showAlert = useAlert();
  const { user: me, reloadUser } = useAuth();
  const [filters, setFilters] = useFiltersInUrl();
  // Typing waits for a pause; the selects apply at once.
  const q = useDebounced(filters.q);
  const { active, admin } = filters;
  const fetchPage = useCallback(
    (cursor?: string) => searchUsers({ q, active, admin }, cursor),
    [q, active, admin],
  );
  const pages = usePages(fetchPage);
  const { setItems, countChange } = pages;
  // Switches waiting for the API, as "id:flag".
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  // A refused change, shown above the table.
  const [rowError, setRowError] = useState<string | null>(null);

  const replace = useCallback((user: ManagedUser) => {
    setItems((rows) => rows.map((row) => row.id === user.id ? user : row));
    // One's own name or rights changed: the rest of the app should know.
    if (user.id === me?.id) reloadUser().catch(() => undefined);
  }, [setItems, me?.id, reloadUser]);
  const remove = useCallback((id: number) => {
    setItems((rows) => rows.filter((row) => row.id !== id));
    countChange(-1);
  }, [setItems, countChange]);
  const prepend = useCallback((user: ManagedUser) => {
    setItems((rows) => [user, ...rows]);
    countChange(1);
  }, [setItems, countChange]);

  async function toggle(user: ManagedUser, flag: Flag, value: boolean) {
    const key = `${user.id}:${flag}`;
    if (pending.has(key)) return;
    setPending((keys) => new Set(keys).add(key));
    setRowError(null);
    // The switch moves at once; a refusal moves it back to what the API still has.
    setItems((rows) => rows.map((row) => row.id === user.id ? { ...row, [flag]: value } : row));
    try {
      const { message, user: updated } = await updateUser(user.id, { [flag]: value });
      replace(updated);
      showAlert("success", message);
    } catch (error) {
      setItems((rows) =>
        rows.map((row) => row.id === user.id ? { ...row, [flag]: user[flag] } : row)
      );
      setRowError(`${user.username}: ${errorMessage(error)}`);
    } finally {
      setPending((keys) => {
        const rest = new Set(keys);
        rest.delete(key);
        return rest;
      });
    }
  }

  return {
    ...pages,
    filters,
    setFilters,
    pending,
    rowError,
    dismissRowError: () => setRowError(null),
    toggle,
    replace,
    remove,
    prepend,
  };
}

const FLAGS = ["true", "false"];

/**
 * The search and filters live in the address (`?q=ali&active=false`), so a reload, a shared link
 * or Back from another page shows the same list. Each change replaces the history entry: typing
 * does not leave one entry per key.
 */
function useFiltersInUrl() {
  const [params, changeQuery] = useAddressQuery();
  const filters = readFilters(params);
  const setFilters = useCallback((update: (previous: UserFilters) => UserFilters) => {
    changeQuery((current) => {
      const next = new URLSearchParams();
      for (const [name, value] of Object.entries(update(readFilters(current)))) {
        if (value !== "") next.set(name, value);
      }
      return next;
    });
  }, [changeQuery]);
  return [filters, setFilters] as const;
}

function readFilters(params: URLSearchParams): UserFilters {
  const flag = (name: string) => {
    const value = params.get(name) ?? "";
    return (FLAGS.includes(value) ? value : "") as UserFilters["active"];
  };
  return { q: params.get("q") ?? "", active: flag("active"), admin: flag("admin") };
}
