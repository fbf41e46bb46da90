/** Helpers for the runner's tests: throwaway migration directories. */
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export type TempMigrations = AsyncDisposable & {
  dir: URL;
  path: string;
  write(name: string, text: string): Promise<void>;
};

/** A temp directory holding `files` (name → text), removed on dispose. */
export async function tempMigrations(files: Record<string, string> = {}): Promise<TempMigrations> {
  const path = await Deno.makeTempDir({ prefix: "migrations-" });
  const write = (name: string, text: string) => Deno.writeTextFile(join(path, name), text);
  for (const [name, text] of Object.entries(files)) await write(name, text);
  return {
    dir: pathToFileURL(join(path, "/")),
    path,
    write,
    async [Symbol.asyncDispose]() {
      await Deno.remove(path, { recursive: true });
    },
  };
}

/** A migration file's text in dbmate's format. */
export function migrationText(up: string, down = ""): string {
  return `-- migrate:up\n${up}\n\n-- migrate:down\n${down}\n`;
}
