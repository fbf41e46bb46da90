/**
 * The success side of the one envelope (`error_handler.ts` writes the failure side):
 * `{ status: "success", message?, data? }`.
 */
export function success<T extends { message?: string; data?: unknown }>(
  body: T,
): { status: "success" } & T {
  return { status: "success", ...body };
}
