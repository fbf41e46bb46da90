// Loaded before the app's styles apply, so a dark page never flashes white first. The choice
// (light, dark or auto) is this browser's, kept in localStorage; auto follows the system.
// client/src/lib/theme.ts applies later changes the same way.
(() => {
  let choice = "auto";
  try {
    choice = localStorage.getItem("users-service-theme") || "auto";
  } catch {
    // Storage refused: follow the system.
  }
  const dark = choice === "dark" ||
    (choice !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.setAttribute("data-bs-theme", dark ? "dark" : "light");
})();
