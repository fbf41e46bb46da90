import type { ReactNode } from "react";
import { Alert, Button } from "./basic_ui.tsx";
import type { Pages } from "../lib/use_pages.ts";
import { LoadMore } from "./load_more.tsx";
import { Loading } from "./loading.tsx";

type Props<T> = {
  pages:
    & Pick<
      Pages<T>,
      "items" | "status" | "error" | "nextCursor" | "loadingMore" | "loadMore" | "retry"
    >
    & { total?: number };
  /** The items loaded so far; `busy` while the list loads from the first page. */
  children: (items: T[], busy: boolean) => ReactNode;
  /** Said when the list has loaded and is empty. */
  empty?: string;
  /**
   * For a page that reports errors elsewhere (`usePages`' `onError`): no alert here, and a failed
   * first load says this under the items, with Try again.
   */
  failedText?: string;
};

const count = new Intl.NumberFormat("en-US");

/**
 * A list the API pages: its error with Try again, the items, a spinner while loading, what is
 * said when it is empty, and Load more while there is more.
 */
export function PagedList<T>({ pages, children, empty, failedText }: Props<T>) {
  const { items, status, error, nextCursor } = pages;
  const tryAgain = (
    <Button variant="link" className="p-0 align-baseline" onClick={pages.retry}>
      Try again
    </Button>
  );
  return (
    <>
      {failedText === undefined && error !== null && (
        <Alert variant="danger">
          {error} {status === "failed" && tryAgain}
        </Alert>
      )}
      {children(items, status === "loading")}
      {status === "loading" && <Loading />}
      {failedText !== undefined && status === "failed" && (
        <p>
          {failedText} {tryAgain}
        </p>
      )}
      {status === "loaded" && items.length === 0 && empty !== undefined && <p>{empty}</p>}
      {status === "loaded" && items.length > 0 && pages.total !== undefined && (
        <p className="text-body-secondary small mb-2" aria-live="polite">
          Showing {count.format(items.length)} of {count.format(pages.total)}
        </p>
      )}
      {status === "loaded" && nextCursor !== null && (
        <LoadMore onClick={pages.loadMore} loading={pages.loadingMore} />
      )}
    </>
  );
}
