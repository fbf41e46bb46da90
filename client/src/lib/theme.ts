/**
 * Light, dark, or auto (the system's setting): Bootstrap 5.3's colour modes, through
 * `data-bs-theme` on <html>. The choice is this browser's (localStorage); public/theme.js applies
 * it before the first paint, this module when it changes and when the system's setting does.
 */
export type ThemeChoice = "light" | "dark" | "auto";

export const THEME_CHOICES: ThemeChoice[] = ["light", "dark", "auto"];
const KEY = "users-service-theme";
const DARK_QUERY = "(prefers-color-scheme: dark)";

/** What a choice shows, given whether the system prefers dark. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): "light" | "dark" {
  if (choice === "auto") return systemDark ? "dark" : "light";
  return choice;
}

export function parseThemeChoice(stored: string | null | undefined): ThemeChoice {
  return stored === "light" || stored === "dark" ? stored : "auto";
}

export function readThemeChoice(): ThemeChoice {
  try {
    return parseThemeChoice(localStorage.getItem(KEY));
  } catch {
    return "auto";
  }
}

export function saveThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === "auto") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Storage refused: the choice lasts for this page.
  }
  applyTheme(choice);
}

/** Sets `data-bs-theme`; with "auto", follows the system until the returned function is called. */
export function applyTheme(choice: ThemeChoice): () => void {
  const media = matchMedia(DARK_QUERY);
  const apply = () =>
    document.documentElement.setAttribute("data-bs-theme", resolveTheme(choice, media.matches));
  apply();
  if (choice !== "auto") return () => {};
  media.addEventListener("change", apply);
  return () => media.removeEventListener("change", apply);
}
