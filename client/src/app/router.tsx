import { lazy } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { LogoutPage } from "../features/auth/logout_page.tsx";
import { StatusPage } from "../features/auth/status_page.tsx";
import { UsersPage } from "../features/users/users_page.tsx";
import { AdminOnly, LoggedInOnly } from "./guards.tsx";
import { Layout } from "./layout.tsx";
import { AboutPage } from "./pages/about_page.tsx";
import { NotFoundPage } from "./pages/not_found_page.tsx";

// The forms carry the shared validation rules (and zod with them): loaded when first opened.
const LoginPage = lazy(() =>
  import("../features/auth/login_page.tsx").then((module) => ({ default: module.LoginPage }))
);
const RegisterPage = lazy(() =>
  import("../features/auth/register_page.tsx").then((module) => ({ default: module.RegisterPage }))
);
// Opened from mailed links (or "Forgot password?"): few visitors ever need them.
const ForgotPasswordPage = lazy(() =>
  import("../features/recovery/forgot_password_page.tsx").then((module) => ({
    default: module.ForgotPasswordPage,
  }))
);
const ResetPasswordPage = lazy(() =>
  import("../features/recovery/reset_password_page.tsx").then((module) => ({
    default: module.ResetPasswordPage,
  }))
);
const VerifyEmailPage = lazy(() =>
  import("../features/verification/verify_email_page.tsx").then((module) => ({
    default: module.VerifyEmailPage,
  }))
);
// Pages for logged-in users and admins: no visitor downloads them.
const SettingsPage = lazy(() =>
  import("../features/settings/settings_page.tsx").then((module) => ({
    default: module.SettingsPage,
  }))
);
const AdminUsersPage = lazy(() =>
  import("../features/admin_users/admin_users_page.tsx").then((module) => ({
    default: module.AdminUsersPage,
  }))
);
const UserPage = lazy(() =>
  import("../features/users/user_page.tsx").then((module) => ({ default: module.UserPage }))
);
const AuditPage = lazy(() =>
  import("../features/audit/audit_page.tsx").then((module) => ({ default: module.AuditPage }))
);

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
