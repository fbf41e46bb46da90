/**
 * Asking for a new password: on a terminal with @inquirer/password, nothing echoed (no mask
 * either); from a pipe, its first line.
 */
import password from "@inquirer/password";
import process from "node:process";
import type { Readable, Writable } from "node:stream";
import { CommandError } from "./command.ts";

export class PromptError extends CommandError {
  override name = "PromptError";
}

/** Ctrl-C (or Ctrl-D on an empty line) at the prompt. */
export class PromptAborted extends PromptError {
  override name = "PromptAborted";
  constructor() {
    super("aborted");
  }
}

export type PromptIo = {
  /** Standard input as Deno sees it; read directly when it is not a terminal. */
  stdin: { isTerminal(): boolean; read(buffer: Uint8Array): Promise<number | null> };
  /** The terminal's keys and screen for the prompt. */
  terminal: { input: Readable; output: Writable };
};

/** Standard input; the prompts on standard error, so standard output stays for results. */
export function denoPromptIo(): PromptIo {
  return { stdin: Deno.stdin, terminal: { input: process.stdin, output: process.stderr } };
}

/**
 * A new password: asked twice on a terminal ("Password:", "Repeat password:"), a mismatch
 * refused; read as one line when standard input is not a terminal.
 */
export async function askNewPassword(io: PromptIo = denoPromptIo()): Promise<string> {
  if (!io.stdin.isTerminal()) return await readPipedLine(io.stdin);
  const first = await ask(io.terminal, "Password:");
  const second = await ask(io.terminal, "Repeat password:");
  if (first !== second) throw new PromptError("the passwords do not match");
  return first;
}

/**
 * One question. Readline closes on Ctrl-D on an empty line (or at the end of the input) and
 * leaves the terminal's echo on; @inquirer/password's answer then never comes, and under Deno,
 * unlike Node, the process stays alive waiting for it, echoing whatever is typed next. So the
 * closing is watched here (readline pauses its input when it closes) and ends the question.
 */
async function ask(terminal: PromptIo["terminal"], message: string): Promise<string> {
  const closing = new AbortController();
  const ended = () => closing.abort(new PromptError("no password given (end of input)"));
  const closed = () => closing.abort(new PromptAborted());
  terminal.input.once("end", ended);
  terminal.input.once("pause", closed);
  try {
    return await password({ message, toggleMask: false }, { ...terminal, signal: closing.signal });
  } catch (error) {
    // Inquirer's documented way to tell its errors apart: by name.
    const name = error instanceof Error ? error.name : "";
    if (name === "AbortPromptError") throw closing.signal.reason;
    if (name === "ExitPromptError") throw new PromptAborted(); // Ctrl-C
    throw error;
  } finally {
    terminal.input.off("end", ended);
    terminal.input.off("pause", closed);
  }
}

/** The first line of a pipe, without its line ending; an empty pipe is an error. */
export async function readPipedLine(stdin: Pick<PromptIo["stdin"], "read">): Promise<string> {
  const buffer = new Uint8Array(1024);
  const bytes: number[] = [];
  let ended = false;
  while (!ended) {
    const read = await stdin.read(buffer);
    if (read === null) break;
    const chunk = buffer.subarray(0, read);
    const end = chunk.indexOf(0x0a);
    ended = end !== -1;
    bytes.push(...(ended ? chunk.subarray(0, end) : chunk));
  }
  if (bytes.length === 0 && !ended) {
    throw new PromptError("no password given: set PASSWORD or write it to standard input");
  }
  return new TextDecoder().decode(new Uint8Array(bytes)).replace(/\r$/, "");
}
