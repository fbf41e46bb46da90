import { type RefObject, useEffect, useRef, useState } from "react";
import { useLocation } from "react-router-dom";

// A lazily loaded page may take a while to show its heading; after that, leave focus be.
const WAIT_FOR_HEADING_MS = 10_000;

/**
 * After a page change inside the app (not on the first load), focus moves to the new page's
 * heading, as a full page load would start a screen reader at the top, and the page's title is
 * returned for a live region to announce. Only a new path counts: a changed query (a filter) is
 * the same page. Someone who has moved focus elsewhere while a lazy page loads (opened a menu,
 * say) keeps it there.
 */
export function usePageChangeFocus(main: RefObject<HTMLElement | null>): string {
  const { pathname } = useLocation();
  const shown = useRef(pathname);
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    const root = main.current;
    if (root === null) return;
    let done = false;
    const focusedBefore = document.activeElement;
    const focusHeading = () => {
      const heading = root.querySelector("h1");
      if (heading === null || done) return;
      done = true;
      const focused = document.activeElement;
      if (focused !== focusedBefore && focused !== null && focused !== document.body) return;
      heading.tabIndex = -1;
      heading.focus();
      // The page sets its title in an effect of its own: read it once that has run.
      requestAnimationFrame(() => setAnnouncement(document.title));
    };
    const observer = new MutationObserver(focusHeading);
    observer.observe(root, { childList: true, subtree: true });
    const timer = setTimeout(() => observer.disconnect(), WAIT_FOR_HEADING_MS);
    focusHeading();
    return () => {
      done = true;
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [pathname, main]);

  return announcement;
}
