/**
 * How hard a new password is to guess, by zxcvbn-ts with its common-language dictionaries
 * (passwords, words, keyboard patterns). Megabytes of word lists: import this module only
 * dynamically, from the fields that choose a password, so no other page downloads it.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

export type Strength = { score: 0 | 1 | 2 | 3 | 4; label: string; warning: string | null };

const LABELS = ["Very weak", "Weak", "Fair", "Good", "Strong"] as const;

// zxcvbn's warnings by key, in our words (its English pack is another megabyte).
const WARNINGS: Record<string, string> = {
  straightRow: "A row of keys is easy to guess.",
  keyPattern: "A keyboard pattern is easy to guess.",
  simpleRepeat: 'Repeats like "aaa" are easy to guess.',
  extendedRepeat: 'Repeats like "abcabc" are easy to guess.',
  sequences: 'Sequences like "abc" or "6543" are easy to guess.',
  recentYears: "Recent years are easy to guess.",
  dates: "Dates are easy to guess.",
  topTen: "This is one of the most used passwords.",
  topHundred: "This is a very often used password.",
  common: "This is a commonly used password.",
  similarToCommon: "This is close to a commonly used password.",
  wordByItself: "A single word is easy to guess.",
  namesByThemselves: "A name on its own is easy to guess.",
  commonNames: "Common names are easy to guess.",
  userInputs: "It contains your own details.",
  pwned: "This password appeared in a data breach.",
};

// Without translations zxcvbn answers with its keys, which WARNINGS puts in words.
const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/** The strength of `password`; `userInputs` (the username, the email) count as easy guesses. */
export function passwordStrength(password: string, userInputs: string[] = []): Strength {
  const result = zxcvbn.check(password, userInputs.filter((input) => input.length > 0));
  const score = result.score as Strength["score"];
  const key = result.feedback.warning;
  return { score, label: LABELS[score], warning: key ? WARNINGS[key] ?? null : null };
}
