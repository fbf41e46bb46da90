import { type ComponentType, lazy } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { UsersPage } from "../features/users/users_page.tsx";
import { AdminOnly, LoggedInOnly } from "./guards.tsx";
import { Layout } from "./layout.tsx";

type Module = Record<string, ComponentType>;

/** A page loaded when first opened, from the module's export `name`. */
function page(load: () => Promise<Module>, name: string) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

/**
 * A page that brings the rest of Bootstrap (forms, grid, cards, dialogs) with it: the first page
 * needs none of it.
 */
function withForms(load: () => Promise<Module>, name: string) {
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

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<UsersPage />} />
          <Route path="about" element={<AboutPage />} />
          <Route path="register" element={<RegisterPage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="forgot-password" element={<ForgotPasswordPage />} />
          <Route path="reset-password" element={<ResetPasswordPage />} />
          <Route path="verify-email" element={<VerifyEmailPage />} />
          <Route path="status" element={<StatusPage />} />
          <Route
            path="settings"
            element={
              <LoggedInOnly title="Settings">
                <SettingsPage />
              </LoggedInOnly>
            }
          />
          <Route
            path="admin/users"
            element={
              <AdminOnly>
                <AdminUsersPage />
              </AdminOnly>
            }
          />
          <Route
            path="admin/audit"
            element={
              <AdminOnly>
                <AuditPage />
              </AdminOnly>
            }
          />
          <Route path="logout" element={<LogoutPage />} />
          {/* The API's addresses, typed into a browser (Caddy sends such navigations here). */}
          <Route path="users" element={<Navigate to="/" replace />} />
          <Route path="users/:id" element={<UserPage />} />
          <Route path="audit" element={<Navigate to="/admin/audit" replace />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
