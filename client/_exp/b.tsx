import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider, NavLink, Link, useNavigate, Outlet } from "react-router-dom";
const r = createBrowserRouter([{ path: "/", element: <div><NavLink to="/">x</NavLink><Link to="/a">a</Link><Outlet/></div> }]);
console.log(useNavigate);
createRoot(document.getElementById("root")!).render(<RouterProvider router={r} />);
