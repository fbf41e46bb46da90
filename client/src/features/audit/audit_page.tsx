import { useCallback, useState } from "react";
import { Alert, Button, Col, Form, Row } from "react-bootstrap";
import { LoadMore } from "../../components/load_more.tsx";
import { Loading } from "../../components/loading.tsx";
import { useDebounced } from "../../lib/use_debounced.ts";
import { usePages } from "../../lib/use_pages.ts";
import { useTitle } from "../../lib/use_title.ts";
import { fetchAudit } from "./api.ts";
import { AuditTable } from "./audit_table.tsx";

const USER_ID = /^[1-9]\d{0,15}$/;

export function AuditPage() {
  useTitle("Audit Trail");
  const [userIdText, setUserIdText] = useState("");
  // While what is typed is no id, the table keeps the last filter that was one.
  const [filter, setFilter] = useState("");
  const valid = isFilter(userIdText.trim());
  const settled = useDebounced(filter);
  const fetchPage = useCallback(
    (cursor?: string) => fetchAudit(settled === "" ? null : Number(settled), cursor),
    [settled],
  );
  const events = usePages(fetchPage);

  return (
    <>
      <h1>Audit trail</h1>
      <Form className="mb-3" role="search" onSubmit={(event) => event.preventDefault()}>
        <Row>
          <Form.Group as={Col} sm={6} md={4} controlId="audit-user-id">
            <Form.Label>User ID</Form.Label>
            <Form.Control
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={userIdText}
              onChange={(event) => {
                setUserIdText(event.target.value);
                if (isFilter(event.target.value.trim())) setFilter(event.target.value.trim());
              }}
              isInvalid={!valid}
              aria-describedby={valid
                ? "audit-user-id-help"
                : "audit-user-id-help audit-user-id-error"}
            />
            <Form.Text id="audit-user-id-help">
              Only events done by or to this user; empty for all.
            </Form.Text>
            <Form.Control.Feedback type="invalid" id="audit-user-id-error">
              A user ID is a positive whole number.
            </Form.Control.Feedback>
          </Form.Group>
        </Row>
      </Form>
      {events.error !== null && (
        <Alert variant="danger">
          {events.error}{" "}
          {events.status === "failed" && (
            <Button variant="link" className="p-0 align-baseline" onClick={events.retry}>
              Try again
            </Button>
          )}
        </Alert>
      )}
      <AuditTable events={events.items} busy={events.status === "loading"} />
      {events.status === "loading" && <Loading />}
      {events.status === "loaded" && events.items.length === 0 && <p>No events.</p>}
      {events.status === "loaded" && events.nextCursor !== null && (
        <LoadMore onClick={events.loadMore} loading={events.loadingMore} />
      )}
    </>
  );
}

function isFilter(text: string): boolean {
  return text === "" || USER_ID.test(text);
}
