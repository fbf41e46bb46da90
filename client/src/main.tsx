import "bootstrap/dist/css/bootstrap.min.css";
import "./app/app.css";
import { createRoot } from "react-dom/client";
import { App } from "./app/app.tsx";

createRoot(document.getElementById("root")!).render(<App />);
