import { useEffect, useState } from "react";
import { NavMenu } from "../components/nav_menu.tsx";
import { applyTheme, readThemeChoice, saveThemeChoice, type ThemeChoice } from "../lib/theme.ts";

const NAMES: Record<ThemeChoice, string> = {
  light: "Light",
  dark: "Dark",
  auto: "Auto (as the system)",
};

/** Light, dark or auto, remembered by this browser. */
export function ThemeMenu({ onChoose }: { onChoose: () => void }) {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);
  // "Auto" keeps following the system while the page is open.
  useEffect(() => applyTheme(choice), [choice]);
  return (
    <NavMenu
      className="theme-menu"
      onChoose={onChoose}
      label={
        <>
          Theme<span className="visually-hidden">: {NAMES[choice]}</span>
        </>
      }
    >
      {(Object.keys(NAMES) as ThemeChoice[]).map((option) => (
        <li key={option}>
          <button
            type="button"
            className={`dropdown-item${option === choice ? " active" : ""}`}
            aria-pressed={option === choice}
            onClick={() => {
              saveThemeChoice(option);
              setChoice(option);
            }}
          >
            {NAMES[option]}
          </button>
        </li>
      ))}
    </NavMenu>
  );
}
