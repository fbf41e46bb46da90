import { createRoot } from "react-dom/client";
import { BrowserRouter, Routes, Route, NavLink, Link, useNavigate, Outlet } from "react-router-dom";
console.log(useNavigate);
createRoot(document.getElementById("root")!).render(<BrowserRouter><Routes><Route path="/" element={<div><NavLink to="/">x</NavLink><Link to="/a">a</Link><Outlet/></div>}/></Routes></BrowserRouter>);
