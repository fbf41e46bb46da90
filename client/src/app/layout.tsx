import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { Outlet, useLocation, useNavigate } from "react-router-dom";
import { Loading } from "../components/loading.tsx";
import { OutageBanner } from "../components/outage_banner.tsx";
import { AlertOutlet, useAlerts } from "../lib/alerts.tsx";
import { ENROLMENT_PATH, onEnrolmentRequired, onStepUp } from "../lib/step_up.ts";
import { useAuth } from "../lib/auth.tsx";
import { NavBar } from "./nav_bar.tsx";
import { usePageChangeFocus } from "./page_change_focus.ts";

// Only for a signed-in user whose address is not confirmed yet: out of the first load.
const VerifyBanner = lazy(() =>
  import("../features/verification/verify_banner.tsx").then((module) => ({
    default: module.VerifyBanner,
  }))
);
// Out of the first load: fetched the first time a sensitive action asks for a re-check.
const StepUpDialog = lazy(() => import("../features/mfa/step_up_dialog.tsx"));

export function Layout() {
  const { ready, outage, user } = useAuth();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const announcement = usePageChangeFocus(main);
  const navigate = useNavigate();
  const { show: showAlert } = useAlerts();
  // An admin without a second factor (REQUIRE_ADMIN_MFA) is led to set one up.
  useEffect(() => {
    onEnrolmentRequired(() => {
      showAlert("warning", "Set up two-step sign-in before using admin actions.", {
        path: "/settings",
      });
      navigate(ENROLMENT_PATH);
    });
    return () => onEnrolmentRequired(null);
  }, [navigate, showAlert]);
  // A 403 step_up_required waits here for the re-check dialog; requests refused together share it.
  const [stepUp, setStepUp] = useState<{ settle: (passed: boolean) => void } | null>(null);
  const pending = useRef<Promise<boolean> | null>(null);
  useEffect(() => {
    onStepUp(() => {
      pending.current ??= new Promise<boolean>((settle) => setStepUp({ settle })).finally(() => {
        pending.current = null;
      });
      return pending.current;
    });
    return () => onStepUp(null);
  }, []);
  const stepUpDone = useCallback((passed: boolean) => {
    stepUp?.settle(passed);
    setStepUp(null);
  }, [stepUp]);
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
      {stepUp !== null && (
        <Suspense fallback={null}>
          <StepUpDialog onDone={stepUpDone} />
        </Suspense>
      )}
      {/* The path of the page shown: during a lazy page's load it is still the last page's. */}
      <main
        id="main"
        ref={main}
        tabIndex={-1}
        className="container pb-4"
        data-path={pathname}
      >
        {outage !== null && <OutageBanner onRetry={outage.retryNow} />}
        {/* Above the lazily loaded banner: its arrival moves nothing a person is reading. */}
        <AlertOutlet />
        {user !== null && user.email_verified_at === null && (
          <Suspense>
            <VerifyBanner user={user} />
          </Suspense>
        )}
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
