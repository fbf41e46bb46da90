/**
 * Bootstrap's markup for the few components that the first page renders (buttons, alerts, a
 * table), without react-bootstrap: its components and their transition helpers would double the
 * first load's script beyond React. Pages that load later (forms, dialogs) use react-bootstrap.
 */
import type { ButtonHTMLAttributes, HTMLAttributes, ReactNode, TableHTMLAttributes } from "react";

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  /** Bootstrap's variant: "primary", "outline-dark", "link", "in-alert" (app.css) … */
  variant?: string;
  size?: "sm" | "lg";
};

export function Button(
  { variant = "primary", size, className, type = "button", ...props }: ButtonProps,
) {
  return (
    <button
      type={type}
      className={classes("btn", `btn-${variant}`, size && `btn-${size}`, className)}
      {...props}
    />
  );
}

type AlertProps = HTMLAttributes<HTMLDivElement> & {
  variant: string;
  /** Given, the alert has a close button that calls it. */
  onClose?: () => void;
  closeLabel?: string;
  children: ReactNode;
};

export function Alert(
  { variant, onClose, closeLabel = "Close alert", className, children, ...props }: AlertProps,
) {
  return (
    <div
      role="alert"
      className={classes("alert", `alert-${variant}`, onClose && "alert-dismissible", className)}
      {...props}
    >
      {children}
      {onClose && (
        <button type="button" className="btn-close" aria-label={closeLabel} onClick={onClose} />
      )}
    </div>
  );
}

export function Table(
  { striped, className, ...props }: TableHTMLAttributes<HTMLTableElement> & { striped?: boolean },
) {
  return <table className={classes("table", striped && "table-striped", className)} {...props} />;
}

function classes(...names: (string | false | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
