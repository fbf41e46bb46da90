import type { ReactNode } from "react";
import { AccessDenied } from "../components/access_denied.tsx";
import { LoginRequired } from "../components/login_required.tsx";
import { useAuth } from "../lib/auth.tsx";
import { useTitle } from "../lib/use_title.ts";

// The pages behind these are loaded lazily: deciding here, before they render, means that
// visitors and non-admins never download them.

/** Admins see `children`; everyone else (visitors too) "Access denied". */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  return user?.admin ? children : <AccessDenied />;
}

/** Logged-in users see `children`; visitors the page's title and a way to log in. */
export function LoggedInOnly({ title, children }: { title: string; children: ReactNode }) {
  const { user } = useAuth();
  return user ? children : <LoggedOut title={title} />;
}

function LoggedOut({ title }: { title: string }) {
  useTitle(title);
  return (
    <>
      <h1>{title}</h1>
      <LoginRequired />
    </>
  );
}
