import { type ReactNode, useState } from "react";
import { Link, NavLink, useLocation } from "react-router-dom";
import { NavMenu } from "../components/nav_menu.tsx";
import { useAuth } from "../lib/auth.tsx";
import { loginPath } from "../lib/next_path.ts";
import { ThemeMenu } from "./theme_menu.tsx";

export function NavBar() {
  // Until the session is restored or found absent, the logged-in and logged-out links would both
  // be guesses; all links wait and come as one set, so that no one sees a partial list.
  const { ready, user, signOut } = useAuth();
  const location = useLocation();
  // Controlled so that following a link also closes the menu on narrow screens.
  const [expanded, setExpanded] = useState(false);
  const close = () => setExpanded(false);
  const item = (to: string, label: ReactNode) => (
    <NavLink className="nav-link" to={to} end={to === "/"} onClick={close}>{label}</NavLink>
  );
  const menuItem = (to: string, label: string) => (
    <li>
      <NavLink className="dropdown-item" to={to}>{label}</NavLink>
    </li>
  );

  return (
    // Bootstrap's navbar markup without react-bootstrap (kept out of the first load); the menu
    // opens without the height animation.
    <nav className="navbar navbar-expand-md navbar-light bg-dark mb-4" data-bs-theme="dark">
      <div className="container">
        <Link className="navbar-brand" to="/" onClick={close}>Users Service</Link>
        <button
          type="button"
          className={`navbar-toggler${expanded ? "" : " collapsed"}`}
          aria-controls="main-navigation"
          aria-expanded={expanded}
          aria-label="Toggle navigation"
          onClick={() => setExpanded(!expanded)}
        >
          <span className="navbar-toggler-icon" />
        </button>
        <div id="main-navigation" className={`navbar-collapse collapse${expanded ? " show" : ""}`}>
          {ready && (
            <>
              <div className="navbar-nav me-auto">
                {item("/", "Home")}
                {item("/about", "About")}
                {user?.admin && item("/admin/users", "Users")}
                {user?.admin && item("/admin/audit", "Audit trail")}
              </div>
              <div className="navbar-nav">
                <ThemeMenu onChoose={close} />
                {user
                  ? (
                    <NavMenu
                      className="account-menu"
                      onChoose={close}
                      label={
                        <>
                          <span className="visually-hidden">Account:</span>{" "}
                          <span className="d-inline-block text-truncate align-bottom account-name">
                            {user.username}
                          </span>
                        </>
                      }
                    >
                      {menuItem("/status", "User status")}
                      {menuItem("/settings", "Settings")}
                      <li>
                        {/* Served by the API, not a page of this app: a full page load. */}
                        <a className="dropdown-item" href="/docs">API docs</a>
                      </li>
                      <li>
                        <hr className="dropdown-divider" />
                      </li>
                      <li>
                        {
                          /* The logout starts with the click, not when /logout renders: a page
                            left at once still sends it. */
                        }
                        <NavLink
                          className="dropdown-item"
                          to="/logout"
                          onClick={() => void signOut()}
                        >
                          Log out
                        </NavLink>
                      </li>
                    </NavMenu>
                  )
                  : (
                    <>
                      {item("/register", "Register")}
                      {/* Logging in from a page comes back to it. */}
                      {item(loginPath(location), "Log in")}
                    </>
                  )}
              </div>
            </>
          )}
        </div>
      </div>
    </nav>
  );
}
