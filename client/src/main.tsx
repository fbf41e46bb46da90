import "./app/bootstrap.scss";
import "./app/app.css";
import { createRoot } from "react-dom/client";
import { App } from "./app/app.tsx";
import { takeLinkToken } from "./lib/link_token.ts";

// Before the router reads the address, so a mailed token never stays in the address bar.
takeLinkToken();
createRoot(document.getElementById("root")!).render(<App />);
