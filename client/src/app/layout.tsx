import { Suspense } from "react";
import { Outlet } from "react-router-dom";
import { Loading } from "../components/loading.tsx";
import { VerifyBanner } from "../features/verification/verify_banner.tsx";
import { AlertOutlet } from "../lib/alerts.tsx";
import { useAuth } from "../lib/auth.tsx";
import { NavBar } from "./nav_bar.tsx";

export function Layout() {
  const { ready, user } = useAuth();
  // null once the API says the address is unconfirmed (undefined from an API without the field).
  const unverified = user !== null &&
    (user as { email_verified_at?: string | null }).email_verified_at === null;
  return (
    <>
      <NavBar />
      <main className="container pb-4">
        {unverified && <VerifyBanner user={user} />}
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
