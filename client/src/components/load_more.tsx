import { Button } from "./basic_ui.tsx";
import { Loading } from "./loading.tsx";

/** The button stays in place (and keeps keyboard focus) while a page loads; clicks wait. */
export function LoadMore({ onClick, loading }: { onClick: () => void; loading: boolean }) {
  return (
    <div className="d-flex align-items-center gap-3">
      <Button variant="outline-primary" onClick={onClick}>Load more</Button>
      {loading && <Loading />}
    </div>
  );
}
