import { useCallback, useEffect, useState } from "react";
import { useAlert } from "../../lib/alerts.tsx";
import { errorMessage } from "../../lib/http.ts";
import { type DirectoryUser, fetchUsers } from "./api.ts";

type Status = "loading" | "loaded" | "failed";

/**
 * The directory as loaded so far. It is loaded again when the viewer changes, because what the
 * API shows (emails) depends on who asks.
 */
export function useUserDirectory(viewerId: number | null) {
  const showAlert = useAlert();
  const [users, setUsers] = useState<DirectoryUser[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>("loading");
  const [attempt, setAttempt] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    let current = true;
    setStatus("loading");
    fetchUsers().then((page) => {
      if (!current) return;
      setUsers(page.users);
      setNextCursor(page.next_cursor);
      setStatus("loaded");
    }, (error) => {
      if (!current) return;
      setStatus("failed");
      showAlert("danger", errorMessage(error));
    });
    return () => {
      current = false;
    };
  }, [viewerId, attempt, showAlert]);

  // The button stays in place (and keeps keyboard focus) while a page loads; clicks wait.
  async function loadMore() {
    if (nextCursor === null || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await fetchUsers(nextCursor);
      setUsers((loaded) => [...loaded, ...page.users]);
      setNextCursor(page.next_cursor);
    } catch (error) {
      showAlert("danger", errorMessage(error));
    } finally {
      setLoadingMore(false);
    }
  }

  const prepend = useCallback((user: DirectoryUser) => setUsers((loaded) => [user, ...loaded]), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return { users, nextCursor, status, loadingMore, loadMore, prepend, retry };
}
