/**
 * Asking for a secret: on a terminal in raw mode, so nothing is echoed; from a pipe, one line.
 */
import { CommandError } from "./command.ts";

/** What the prompt needs of standard input; `Deno.stdin` is one. */
export type PromptInput = {
  isTerminal(): boolean;
  setRaw(mode: boolean): void;
  read(buffer: Uint8Array): Promise<number | null>;
};

export type PromptIo = {
  stdin: PromptInput;
  /** Where the prompts go: standard error, so standard output stays for results. */
  write(text: string): void;
};

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

export type LineResult =
  | { status: "more" }
  | { status: "done"; line: string; rest: Uint8Array }
  | { status: "abort" };

export type LineEditor = { feed(bytes: Uint8Array): LineResult };

const ENTER = new Set([0x0a, 0x0d]);
const BACKSPACE = new Set([0x08, 0x7f]);
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const CTRL_U = 0x15;
const ESC = 0x1b;

/**
 * The editing a raw terminal no longer does for us, over the bytes it sends: Enter ends the line,
 * Backspace removes the last character, Ctrl-U the whole line, Ctrl-C aborts. Escape sequences
 * (arrow keys and the like) and other control characters are dropped rather than becoming part
 * of a password nobody can see.
 */
export function createLineEditor(): LineEditor {
  const chars: string[] = [];
  const decoder = new TextDecoder();
  // "esc": after ESC; "csi": inside ESC [ … or ESC O …, until a final byte (0x40 to 0x7e).
  let escape: "none" | "esc" | "csi" = "none";
  let text: number[] = [];

  // Multi-byte UTF-8 bytes are all >= 0x80, so a control byte never splits a character.
  function flush(final = false) {
    chars.push(...decoder.decode(new Uint8Array(text), { stream: !final }));
    text = [];
  }

  function feed(bytes: Uint8Array): LineResult {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (escape === "esc") {
        escape = byte === 0x5b || byte === 0x4f ? "csi" : "none";
        // ESC then Enter (or Ctrl-C) still ends (or aborts) the line.
        if (byte >= 0x20) continue;
      }
      if (escape === "csi") {
        if (byte >= 0x20 && byte <= 0x3f) continue;
        escape = "none";
        if (byte >= 0x40 && byte <= 0x7e) continue;
      }
      if (byte >= 0x20 && byte !== 0x7f) {
        text.push(byte);
        continue;
      }
      flush();
      if (ENTER.has(byte)) {
        flush(true);
        // A terminal sends CR for Enter; a paste may carry CR LF: both end one line.
        const next = byte === 0x0d && bytes[i + 1] === 0x0a ? i + 2 : i + 1;
        return { status: "done", line: chars.join(""), rest: bytes.slice(next) };
      }
      if (byte === CTRL_C || (byte === CTRL_D && chars.length === 0)) return { status: "abort" };
      if (BACKSPACE.has(byte)) chars.pop();
      else if (byte === CTRL_U) chars.length = 0;
      else if (byte === ESC) escape = "esc";
    }
    flush();
    return { status: "more" };
  }

  return { feed };
}

/** Standard input, with prompts on standard error. */
export function denoPromptIo(): PromptIo {
  const encoder = new TextEncoder();
  return {
    stdin: Deno.stdin,
    write(text) {
      const bytes = encoder.encode(text);
      let written = 0;
      while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
    },
  };
}

/**
 * A new password: asked twice on a terminal ("Password: ", "Repeat password: "), a mismatch
 * refused; read as one line when standard input is not a terminal.
 */
export async function askNewPassword(io: PromptIo = denoPromptIo()): Promise<string> {
  if (!io.stdin.isTerminal()) return await readPipedLine(io.stdin);
  return await withHiddenInput(io, async (ask) => {
    const first = await ask("Password: ");
    const second = await ask("Repeat password: ");
    if (first !== second) throw new PromptError("the passwords do not match");
    return first;
  });
}

/**
 * Raw mode stays on across every question asked inside `fn`: switched off in between, a quick
 * typist's next keys would be echoed by the terminal.
 */
export async function withHiddenInput<T>(
  io: PromptIo,
  fn: (ask: (prompt: string) => Promise<string>) => Promise<T>,
): Promise<T> {
  const buffer = new Uint8Array(1024);
  // Bytes read past one answer's Enter are the start of the next answer.
  let pending: Uint8Array = new Uint8Array(0);
  async function ask(prompt: string): Promise<string> {
    io.write(prompt);
    const editor = createLineEditor();
    let chunk: Uint8Array = pending;
    pending = new Uint8Array(0);
    while (true) {
      const result = editor.feed(chunk);
      if (result.status !== "more") {
        // Raw mode may turn off the terminal's own LF to CR LF translation.
        io.write("\r\n");
        if (result.status === "abort") throw new PromptAborted();
        pending = result.rest;
        return result.line;
      }
      const read = await io.stdin.read(buffer);
      if (read === null) {
        io.write("\r\n");
        throw new PromptError("no password given (end of input)");
      }
      chunk = buffer.slice(0, read);
    }
  }
  io.stdin.setRaw(true);
  try {
    return await fn(ask);
  } finally {
    io.stdin.setRaw(false);
  }
}

/** The first line of a pipe, without its line ending; an empty pipe is an error. */
export async function readPipedLine(stdin: Pick<PromptInput, "read">): Promise<string> {
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
