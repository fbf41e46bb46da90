import { StrictMode } from "react";
import { AppProvider } from "./provider.tsx";
import { AppRouter } from "./router.tsx";

export function App() {
  return (
    <StrictMode>
      <AppProvider>
        <AppRouter />
      </AppProvider>
    </StrictMode>
  );
}
