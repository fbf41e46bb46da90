import { createRoot } from "react-dom/client";
import "bootstrap/dist/css/bootstrap.min.css";
import Button from "react-bootstrap/Button";
createRoot(document.getElementById("root")!).render(<Button>Hello</Button>);
