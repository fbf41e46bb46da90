import { Suspense } from "react";
import { Outlet } from "react-router-dom";
import { Loading } from "../components/loading.tsx";
import { OutageBanner } from "../components/outage_banner.tsx";
import { AlertOutlet } from "../lib/alerts.tsx";
import { useAuth } from "../lib/auth.tsx";
import { NavBar } from "./nav_bar.tsx";

export function Layout() {
  const { ready, outage } = useAuth();
  return (
    <>
      <NavBar />
      <main className="container pb-4">
        {outage !== null && <OutageBanner onRetry={outage.retryNow} />}
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
    </>
  );
}
