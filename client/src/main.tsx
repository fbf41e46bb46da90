import "./app/bootstrap.scss";
import "./app/app.css";
import { createRoot } from "react-dom/client";
import { App } from "./app/app.tsx";
import { preloadPage } from "./app/router.tsx";
import { takeLinkToken } from "./lib/link_token.ts";

// Before the router reads the address, so a mailed token never stays in the address bar.
takeLinkToken();
// The first page's code loads while the session is checked, not after.
preloadPage(location.pathname);
createRoot(document.getElementById("root")!).render(<App />);
