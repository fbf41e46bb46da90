import { encode } from "uqr";

/** Modules of light border every reader expects around a QR code. */
const QUIET_ZONE = 4;

/**
 * A QR code drawn as SVG rectangles (no inline styles, so the Content-Security-Policy holds).
 * Loaded lazily: only the page that sets up an authenticator app needs it.
 */
export default function QrCode({ text, label }: { text: string; label: string }) {
  const { size, data } = encode(text, { ecc: "M" });
  const full = size + 2 * QUIET_ZONE;
  const path = data.flatMap((row, y) =>
    row.flatMap((dark, x) => dark ? [`M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`] : [])
  ).join("");
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${full} ${full}`}
      width="200"
      height="200"
      shapeRendering="crispEdges"
      className="qr-code"
    >
      <rect width={full} height={full} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
