/**
 * The large database, kept between runs: filled once into a template database of the bench's
 * PostgreSQL under .data/bench/ (about 4 GB and some minutes on 2 cores), then each run copies
 * it (a file copy, seconds) and works on the copy. The template's name carries FILL_VERSION: a
 * change to bench/scale_fill.ts that changes the data bumps it, and the next run fills again.
 * A migration added since is applied to the template; one edited since makes it filled again.
 */
import { createSql, withDatabase } from "../api/db.ts";
import { migrate } from "../db/migrate.ts";
import { fillLarge } from "./scale_fill.ts";

const FILL_VERSION = 1;
export const SCALE_TEMPLATE = `bench_scale_v${FILL_VERSION}`;

/**
 * Creates `name` as a copy of the filled template, filling the template first when it is missing
 * or stale. Once a day, times are moved forward by the template's age, so that sessions are as
 * recent as on the day it was filled (or the retention job would find a month of work in the
 * middle of a measurement). Within the day the rate-limit windows age: after two hours they are a
 * storm's expired windows waiting for the retention job, which the limiter's sweep nibbles at.
 */
export async function copyLargeDatabase(
  serverUrl: string,
  name: string,
  log: (line: string) => void,
): Promise<void> {
  const admin = createSql(serverUrl, { max: 1 });
  try {
    await admin`drop database if exists ${admin(name)} with (force)`;
    if (!await templateReady(serverUrl)) {
      await admin`drop database if exists ${admin(SCALE_TEMPLATE)} with (force)`;
      await admin`create database ${admin(SCALE_TEMPLATE)}`;
      const started = performance.now();
      log(`filling the large database once (kept in .data/bench/ as ${SCALE_TEMPLATE})`);
      await fill(withDatabase(serverUrl, SCALE_TEMPLATE), log);
      log(`filled in ${Math.round((performance.now() - started) / 1000)} s`);
    }
    await forward(withDatabase(serverUrl, SCALE_TEMPLATE), log);
    // FILE_COPY copies the template's files as they are, instead of logging every page.
    const started = performance.now();
    const template = admin(SCALE_TEMPLATE);
    await admin`create database ${admin(name)} template ${template} strategy file_copy`;
    log(`copied the large database in ${Math.round((performance.now() - started) / 1000)} s`);
  } finally {
    await admin.end();
  }
}

/** Whether the template exists, was filled to the end and migrates cleanly. */
async function templateReady(serverUrl: string): Promise<boolean> {
  const admin = createSql(serverUrl, { max: 1 });
  try {
    const found = await admin`select 1 from pg_database where datname = ${SCALE_TEMPLATE}`;
    if (found.length === 0) return false;
  } finally {
    await admin.end();
  }
  const sql = createSql(withDatabase(serverUrl, SCALE_TEMPLATE), { max: 1 });
  try {
    const [marker] = await sql`select to_regclass('bench_fill') is not null as filled`;
    if (!marker.filled) return false;
    await migrate(sql, { log: () => {} });
    return true;
  } catch {
    return false;
  } finally {
    await sql.end();
  }
}

async function fill(url: string, log: (line: string) => void) {
  const sql = createSql(url, { max: 1 });
  try {
    await migrate(sql, { log: () => {} });
    await fillLarge(sql, log);
    // Written last: a fill interrupted halfway leaves no marker and is started again.
    await sql`create table bench_fill (filled_at timestamptz not null)`;
    await sql`insert into bench_fill values (now())`;
  } finally {
    await sql.end();
  }
}

/**
 * Moves the time-bound rows forward by the time since they were last moved (at most once a day:
 * on 2 busy cores it takes a minute and a half): sessions and rate-limit windows (every key has one row, so no shifted window meets
 * another of its key). Audit events are left: a year of them is a year whichever day it ends.
 */
async function forward(url: string, log: (line: string) => void) {
  const sql = createSql(url, { max: 1 });
  try {
    const [{ age }] = await sql<{ age: number }[]>`
      select extract(epoch from now() - filled_at)::float8 as age from bench_fill`;
    if (age < 86_400) return;
    const started = performance.now();
    await sql.begin(async (tx) => {
      const by = tx`${age}::float8 * interval '1 second'`;
      await tx`
        update sessions set created_at = created_at + ${by}, last_used_at = last_used_at + ${by},
          expires_at = expires_at + ${by}, max_expires_at = max_expires_at + ${by},
          revoked_at = revoked_at + ${by}, rotated_at = rotated_at + ${by}`;
      // Whole minutes, so that the windows stay aligned as the limiter aligns them.
      await tx`
        update rate_limits
        set window_start = window_start + floor(${age}::float8 / 60) * interval '1 minute'`;
      await tx`update bench_fill set filled_at = filled_at + ${by}`;
    });
    await sql`vacuum analyze sessions, rate_limits`;
    const seconds = Math.round((performance.now() - started) / 1000);
    log(
      `moved the large database's sessions and rate limits ${
        Math.round(age / 3600)
      } h forward in ${seconds} s`,
    );
  } finally {
    await sql.end();
  }
}
