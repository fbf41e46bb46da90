/**
 * Migration files in dbmate's format: `NNNN_snake_case.sql` holding a `-- migrate:up` and a
 * `-- migrate:down` section. Reading, checking and creating them needs no database.
 */
import { createHash } from "node:crypto";
import { isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

export type Migration = {
  /** Four digits, e.g. "0001"; the ledger's key. */
  version: string;
  name: string;
  /** The path shown in messages: relative to the working directory when inside it. */
  file: string;
  up: string;
  down: string;
  /** SHA-256 hex of the file's bytes. */
  checksum: string;
};

export class MigrationError extends Error {
  override name = "MigrationError";
}

const FILE_NAME = /^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.sql$/;
const NUMBERED = /^(\d{4})_(.+)\.sql$/;
const MARKER = /^--\s*migrate:(\S*)(.*)$/;
const MAX_NAME_LENGTH = 100;
const TEMPLATE = "-- migrate:up\n\n\n-- migrate:down\n\n";

/** Splits a migration's text into its sections; `file` is used for messages and its name. */
export function parseMigration(file: string, text: string): Migration {
  const [version, name] = fileNameParts(file);
  const fail = (reason: string) => new MigrationError(`${file}: ${reason}`);
  const sections: { up?: string[]; down?: string[] } = {};
  let current: string[] | undefined;
  // A BOM stays in the text so the checksum covers the file's exact bytes; only parsing skips it.
  for (const line of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const marker = MARKER.exec(line.trim());
    if (!marker) {
      if (current) current.push(line);
      else if (!isBlankOrComment(line)) throw fail("SQL found before `-- migrate:up`");
      continue;
    }
    const [, kind, rest] = marker;
    if (kind !== "up" && kind !== "down") throw fail(`unknown section marker \`${line.trim()}\``);
    if (rest.trim()) throw fail(`section options are not supported: \`${line.trim()}\``);
    if (sections[kind]) throw fail(`\`-- migrate:${kind}\` appears more than once`);
    if (kind === "down" && !sections.up) {
      throw fail("`-- migrate:down` must come after `-- migrate:up`");
    }
    current = sections[kind] = [];
  }
  if (!sections.up) throw fail("missing the `-- migrate:up` section");
  if (!sections.down) throw fail("missing the `-- migrate:down` section");
  const up = sections.up.join("\n").trim();
  if (isEmptySql(up)) throw fail("the `-- migrate:up` section is empty");
  return {
    version,
    name,
    file,
    up,
    down: sections.down.join("\n").trim(),
    checksum: createHash("sha256").update(text, "utf8").digest("hex"),
  };
}

function fileNameParts(file: string): [version: string, name: string] {
  const match = FILE_NAME.exec(file.split(/[\\/]/).pop() ?? "");
  if (!match) {
    throw new MigrationError(
      `${file}: a migration file must be named like 0001_create_users.sql (4 digits, then snake_case)`,
    );
  }
  return [match[1], match[2]];
}

/** True when SQL holds nothing but blank lines and `--` comments. */
export function isEmptySql(text: string): boolean {
  return text.split(/\r?\n/).every(isBlankOrComment);
}

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === "" || trimmed.startsWith("--");
}

/** Every `.sql` file of `dir`, parsed and sorted by version. */
export async function readMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const name of await sqlFileNames(dir)) {
    const path = join(directoryPath(dir), name);
    const file = displayPath(path);
    fileNameParts(file); // before reading: a stray file fails on its name, not its content
    migrations.push(parseMigration(file, decode(file, await Deno.readFile(path))));
  }
  migrations.sort((a, b) => a.version.localeCompare(b.version));
  for (let i = 1; i < migrations.length; i++) {
    const [previous, next] = [migrations[i - 1], migrations[i]];
    if (previous.version === next.version) {
      throw new MigrationError(
        `${previous.file} and ${next.file} share version ${next.version}; renumber one of them`,
      );
    }
  }
  return migrations;
}

// Fatal decoding keeps the text byte-for-byte equal to the file, so its checksum is the file's.
function decode(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new MigrationError(`${file}: not valid UTF-8`);
  }
}

async function sqlFileNames(dir: URL): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(directoryPath(dir))) {
      if (entry.isFile && entry.name.endsWith(".sql")) names.push(entry.name);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new MigrationError(`migrations directory not found: ${displayDir(dir)}`);
    }
    throw error;
  }
  return names.sort();
}

/**
 * Writes the next numbered migration with empty sections and returns its path. `name` may use
 * letters, digits, `_` and `-`; it is stored in snake_case.
 */
export async function createMigration(name: string, options: { dir?: URL } = {}): Promise<string> {
  const dir = options.dir ?? MIGRATIONS_DIR;
  const slug = migrationName(name);
  await Deno.mkdir(directoryPath(dir), { recursive: true });
  let last = 0;
  for (const existing of await sqlFileNames(dir)) {
    const match = NUMBERED.exec(existing);
    if (!match) continue;
    if (match[2] === slug) {
      throw new MigrationError(`a migration named ${slug} already exists: ${existing}`);
    }
    last = Math.max(last, Number(match[1]));
  }
  if (last >= 9999) throw new MigrationError("no migration numbers left after 9999");
  const path = join(directoryPath(dir), `${String(last + 1).padStart(4, "0")}_${slug}.sql`);
  try {
    await Deno.writeTextFile(path, TEMPLATE, { createNew: true });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) {
      throw new MigrationError(`${displayPath(path)} already exists`);
    }
    throw error;
  }
  return displayPath(path);
}

/** `AddUserRoles`, `add-user-roles` and `add_user_roles` all become `add_user_roles`. */
export function migrationName(input: string): string {
  const name = input.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new MigrationError(
      `invalid migration name ${JSON.stringify(input)}: use letters, digits, _ and -`,
    );
  }
  const slug = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replaceAll("-", "_")
    .toLowerCase()
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "");
  if (!slug) throw new MigrationError(`invalid migration name ${JSON.stringify(input)}`);
  if (slug.length > MAX_NAME_LENGTH) {
    throw new MigrationError(`migration name longer than ${MAX_NAME_LENGTH} characters`);
  }
  return slug;
}

function directoryPath(dir: URL): string {
  return fileURLToPath(dir);
}

/** A directory for messages, e.g. `db/migrations/`. */
export function displayDir(dir: URL): string {
  return join(displayPath(directoryPath(dir)), "/");
}

function displayPath(path: string): string {
  const fromCwd = relative(Deno.cwd(), path);
  return fromCwd && !fromCwd.startsWith("..") && !isAbsolute(fromCwd) ? fromCwd : path;
}
