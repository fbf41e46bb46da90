import type { ReactNode } from "react";
import { AlertsProvider } from "../lib/alerts.tsx";
import { AuthProvider } from "../lib/auth.tsx";

/** Auth reports ended sessions as alerts, so alerts wrap it. */
export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <AlertsProvider>
      <AuthProvider>{children}</AuthProvider>
    </AlertsProvider>
  );
}
