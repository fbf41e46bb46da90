import { lazy, Suspense, useRef } from "react";
import { Outlet } from "react-router-dom";
import { Loading } from "../components/loading.tsx";
import { OutageBanner } from "../components/outage_banner.tsx";
import { AlertOutlet } from "../lib/alerts.tsx";
import { useAuth } from "../lib/auth.tsx";
import { NavBar } from "./nav_bar.tsx";
import { usePageChangeFocus } from "./page_change_focus.ts";

// Only for a signed-in user whose address is not confirmed yet: out of the first load.
const VerifyBanner = lazy(() =>
  import("../features/verification/verify_banner.tsx").then((module) => ({
    default: module.VerifyBanner,
  }))
);

export function Layout() {
  const { ready, outage, user } = useAuth();
  const main = useRef<HTMLElement>(null);
  const announcement = usePageChangeFocus(main);
  return (
    <>
      <a
        href="#main"
        className="skip-link visually-hidden-focusable btn btn-light"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to main content
      </a>
      <NavBar />
      <main id="main" ref={main} tabIndex={-1} className="container pb-4">
        {outage !== null && <OutageBanner onRetry={outage.retryNow} />}
        {user !== null && user.email_verified_at === null && (
          <Suspense>
            <VerifyBanner user={user} />
          </Suspense>
        )}
        <AlertOutlet />
        {/* Pages wait for the stored token to be checked: no flash of the logged-out view. */}
        {ready
          ? (
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          )
          : <Loading />}
      </main>
      {/* The new page's title, read out after a page change. */}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">{announcement}</div>
    </>
  );
}
