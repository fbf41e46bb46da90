import { z } from "zod";
import { pageQuery } from "../http/pagination.ts";

/** GET /audit: a page of the trail, optionally only events by or about one user. */
export const auditQuery = pageQuery.extend({
  user_id: z.string().regex(/^[1-9]\d{0,15}$/, "User id must be a positive whole number.")
    .transform(Number).optional().describe("Only events by or about this user."),
});
