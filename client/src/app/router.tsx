import { type ComponentType, lazy } from "react";
import {
  BrowserRouter,
  createRoutesFromElements,
  matchRoutes,
  Navigate,
  Route,
  useRoutes,
} from "react-router-dom";
import { UsersPage } from "../features/users/users_page.tsx";
import { AdminOnly, LoggedInOnly } from "./guards.tsx";
import { Layout } from "./layout.tsx";

type Module = Record<string, ComponentType>;
type LoadedModule = { default: ComponentType };
/** A lazily loaded page that can be asked to load before it is first shown. */
type Page = ComponentType & { preload(): Promise<unknown> };

/** A page loaded when first opened, from the module's export `name`. */
function page(load: () => Promise<Module>, name: string): Page {
  let loaded: LoadedModule | undefined;
  let loading: Promise<LoadedModule> | undefined;
  const preload = () =>
    loading ??= load().then((module) => loaded = { default: module[name] }, (error) => {
      loading = undefined;
      throw error;
    });
  // Once loaded, the page renders without suspending: a thenable that answers at once settles
  // React.lazy there and then. A Suspense fallback, shown even for an instant, holds the page
  // back until 300 ms after it (React throttles revealing content that replaces a fallback).
  const now = (module: LoadedModule) =>
    ({ then: (resolve: (value: LoadedModule) => void) => resolve(module) }) as unknown as Promise<
      LoadedModule
    >;
  return Object.assign(lazy(() => loaded ? now(loaded) : preload()), { preload });
}

/**
 * A page that brings the rest of Bootstrap (forms, grid, cards, dialogs) with it: the first page
 * needs none of it.
 */
function withForms(load: () => Promise<Module>, name: string): Page {
  return page(
    () =>
      Promise.all([load(), import("../components/bootstrap_more.scss")]).then(([module]) => module),
    name,
  );
}

// Small pages, yet not the first one: out of the first load too.
const StatusPage = page(() => import("../features/auth/status_page.tsx"), "StatusPage");
const LogoutPage = page(() => import("../features/auth/logout_page.tsx"), "LogoutPage");
const AboutPage = page(() => import("./pages/about_page.tsx"), "AboutPage");
const NotFoundPage = page(() => import("./pages/not_found_page.tsx"), "NotFoundPage");
// The forms carry the shared validation rules (and zod with them): loaded when first opened.
const LoginPage = withForms(() => import("../features/auth/login_page.tsx"), "LoginPage");
const RegisterPage = withForms(() => import("../features/auth/register_page.tsx"), "RegisterPage");
// Opened from mailed links (or "Forgot password?"): few visitors ever need them.
const ForgotPasswordPage = withForms(
  () => import("../features/recovery/forgot_password_page.tsx"),
  "ForgotPasswordPage",
);
const ResetPasswordPage = withForms(
  () => import("../features/recovery/reset_password_page.tsx"),
  "ResetPasswordPage",
);
const VerifyEmailPage = withForms(
  () => import("../features/verification/verify_email_page.tsx"),
  "VerifyEmailPage",
);
// Pages for logged-in users and admins: no visitor downloads them.
const SettingsPage = withForms(
  () => import("../features/settings/settings_page.tsx"),
  "SettingsPage",
);
const AdminUsersPage = withForms(
  () => import("../features/admin_users/admin_users_page.tsx"),
  "AdminUsersPage",
);
const UserPage = withForms(() => import("../features/users/user_page.tsx"), "UserPage");
const AuditPage = withForms(() => import("../features/audit/audit_page.tsx"), "AuditPage");

// Each lazy page is the `handle` of its route: the first page opened loads along with the
// session check (preloadPage), so that it is there when the check is done.
const routes = createRoutesFromElements(
  <Route element={<Layout />}>
    <Route index element={<UsersPage />} />
    <Route path="about" element={<AboutPage />} handle={AboutPage} />
    <Route path="register" element={<RegisterPage />} handle={RegisterPage} />
    <Route path="login" element={<LoginPage />} handle={LoginPage} />
    <Route path="forgot-password" element={<ForgotPasswordPage />} handle={ForgotPasswordPage} />
    <Route path="reset-password" element={<ResetPasswordPage />} handle={ResetPasswordPage} />
    <Route path="verify-email" element={<VerifyEmailPage />} handle={VerifyEmailPage} />
    <Route path="status" element={<StatusPage />} handle={StatusPage} />
    <Route
      path="settings"
      handle={SettingsPage}
      element={
        <LoggedInOnly title="Settings">
          <SettingsPage />
        </LoggedInOnly>
      }
    />
    <Route
      path="admin/users"
      handle={AdminUsersPage}
      element={
        <AdminOnly>
          <AdminUsersPage />
        </AdminOnly>
      }
    />
    <Route
      path="admin/audit"
      handle={AuditPage}
      element={
        <AdminOnly>
          <AuditPage />
        </AdminOnly>
      }
    />
    <Route path="logout" element={<LogoutPage />} handle={LogoutPage} />
    {/* The API's addresses, typed into a browser (Caddy sends such navigations here). */}
    <Route path="users" element={<Navigate to="/" replace />} />
    <Route path="users/:id" element={<UserPage />} handle={UserPage} />
    <Route path="audit" element={<Navigate to="/admin/audit" replace />} />
    <Route path="*" element={<NotFoundPage />} handle={NotFoundPage} />
  </Route>,
);

/** Starts loading the page at `pathname`, if it is a lazy one. */
export function preloadPage(pathname: string) {
  const handle = matchRoutes(routes, pathname)?.at(-1)?.route.handle as Page | undefined;
  handle?.preload().catch(() => {
    // Opening the page tries again, and shows the error if it fails there too.
  });
}

function AppRoutes() {
  return useRoutes(routes);
}

export function AppRouter() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
