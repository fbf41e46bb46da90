import { useEffect } from "react";

export function useTitle(page: string): void {
  useEffect(() => {
    document.title = `${page} · Users Service`;
  }, [page]);
}
