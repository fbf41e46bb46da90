import { lazy } from "react";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { LogoutPage } from "../features/auth/logout_page.tsx";
import { StatusPage } from "../features/auth/status_page.tsx";
import { UsersPage } from "../features/users/users_page.tsx";
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

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<UsersPage />} />
          <Route path="about" element={<AboutPage />} />
          <Route path="register" element={<RegisterPage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="status" element={<StatusPage />} />
          <Route path="logout" element={<LogoutPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
