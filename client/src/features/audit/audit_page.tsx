import { useCallback, useState } from "react";
import { Col, Form, Row } from "react-bootstrap";
import { PagedList } from "../../components/paged_list.tsx";
import { useDebounced } from "../../lib/use_debounced.ts";
import { usePages } from "../../lib/use_pages.ts";
import { useTitle } from "../../lib/use_title.ts";
import { fetchAudit } from "./api.ts";
import { AuditTable } from "./audit_table.tsx";

const USER_ID = /^[1-9]\d{0,15}$/;

export function AuditPage() {
  useTitle("Audit trail");
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
      <PagedList pages={events} empty="No events.">
        {(items, busy) => <AuditTable events={items} busy={busy} />}
      </PagedList>
    </>
  );
}

function isFilter(text: string): boolean {
  return text === "" || USER_ID.test(text);
}
