import { type ReactNode, useEffect, useId, useRef, useState } from "react";

/**
 * A navbar menu as a disclosure (WAI-ARIA's "disclosure navigation menu"): a button that shows
 * or hides a list of links and buttons, which Tab moves through like any others. Escape closes it
 * and gives focus back to the button; so do a click outside, focus leaving it, and choosing an
 * item. Bootstrap's dropdown classes, without its script or a positioning library.
 */
export function NavMenu(
  { label, className, children, onChoose }: {
    label: ReactNode;
    className?: string;
    children: ReactNode;
    /** Called when an item is chosen (the navbar closes its collapsed menu on phones). */
    onChoose?: () => void;
  },
) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("pointerdown", outside);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("pointerdown", outside);
      document.removeEventListener("keydown", escape);
    };
  }, [open]);

  return (
    <div
      ref={root}
      className={`nav-item dropdown ${className ?? ""}`}
      onBlur={(event) => {
        if (!root.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className="nav-link dropdown-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {label}
      </button>
      <ul
        id={id}
        className={`dropdown-menu dropdown-menu-end${open ? " show" : ""}`}
        onClick={(event) => {
          if ((event.target as Element).closest("a, button")) {
            setOpen(false);
            onChoose?.();
          }
        }}
      >
        {children}
      </ul>
    </div>
  );
}
