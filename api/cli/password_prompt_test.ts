import assert from "node:assert/strict";
import {
  askNewPassword,
  createLineEditor,
  PromptAborted,
  PromptError,
  type PromptIo,
  readPipedLine,
} from "./password_prompt.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

/** A terminal (or pipe) that hands out the given chunks one read at a time. */
function fakeIo(chunks: (string | Uint8Array)[], options: { terminal?: boolean } = {}) {
  const queue = chunks.map((chunk) => typeof chunk === "string" ? bytes(chunk) : chunk);
  const raw: boolean[] = [];
  const written: string[] = [];
  const io: PromptIo = {
    stdin: {
      isTerminal: () => options.terminal ?? true,
      setRaw: (mode) => void raw.push(mode),
      read(buffer) {
        const chunk = queue.shift();
        if (chunk === undefined) return Promise.resolve(null);
        buffer.set(chunk);
        return Promise.resolve(chunk.length);
      },
    },
    write: (text) => void written.push(text),
  };
  return { io, raw, written, unread: () => queue.length };
}

function edit(...chunks: string[]) {
  const editor = createLineEditor();
  let result;
  for (const chunk of chunks) result = editor.feed(bytes(chunk));
  return result;
}

Deno.test("line editor ends the line at Enter (CR, LF or CR LF) and keeps what follows", () => {
  assert.deepEqual(edit("secret\r"), { status: "done", line: "secret", rest: bytes("") });
  assert.deepEqual(edit("sec", "ret\n"), { status: "done", line: "secret", rest: bytes("") });
  assert.deepEqual(edit("one\r\ntwo\r"), { status: "done", line: "one", rest: bytes("two\r") });
  assert.deepEqual(edit("no enter yet"), { status: "more" });
});

Deno.test("line editor handles Backspace, Delete and Ctrl-U", () => {
  assert.equal(lineOf(edit("secrex\x7ft\r")), "secret");
  assert.equal(lineOf(edit("secrexx\b\bt\r")), "secret");
  assert.equal(lineOf(edit("\x7f\x7fok\r")), "ok");
  assert.equal(lineOf(edit("wrong\x15right\r")), "right");
});

Deno.test("line editor keeps multi-byte characters whole, even split across reads", () => {
  const euro = bytes("€"); // three bytes
  const editor = createLineEditor();
  assert.deepEqual(editor.feed(bytes("pässw")), { status: "more" });
  assert.deepEqual(editor.feed(euro.subarray(0, 2)), { status: "more" });
  assert.deepEqual(editor.feed(euro.subarray(2)), { status: "more" });
  assert.equal(lineOf(editor.feed(bytes("rd🔑\x7f!\r"))), "pässw€rd!");
});

Deno.test("line editor drops escape sequences and other control characters", () => {
  // Arrow keys (ESC [ A, ESC O D), a parameterised key (ESC [ 3 ~), Alt-x, a tab.
  assert.equal(lineOf(edit("ab\x1b[Acd\x1bODe\x1b[3~f\x1bxg\th\r")), "abcdefgh");
  assert.equal(lineOf(edit("ab\x1b[", "1;5C", "c\r")), "abc");
  assert.equal(lineOf(edit("ab\x1b\r")), "ab");
});

Deno.test("line editor aborts on Ctrl-C, and on Ctrl-D only when the line is empty", () => {
  assert.deepEqual(edit("secret\x03"), { status: "abort" });
  assert.deepEqual(edit("\x04"), { status: "abort" });
  assert.equal(lineOf(edit("sec\x04ret\r")), "secret");
});

Deno.test("askNewPassword asks twice in raw mode without echoing and restores the terminal", async () => {
  const fake = fakeIo(["hun", "ter2!!\r", "hunter2!!\r"]);
  assert.equal(await askNewPassword(fake.io), "hunter2!!");
  assert.deepEqual(fake.raw, [true, false]);
  assert.deepEqual(fake.written, ["Password: ", "\r\n", "Repeat password: ", "\r\n"]);
});

Deno.test("askNewPassword takes both answers from one pasted chunk", async () => {
  const fake = fakeIo(["hunter2!!\rhunter2!!\r"]);
  assert.equal(await askNewPassword(fake.io), "hunter2!!");
  assert.equal(fake.unread(), 0);
});

Deno.test("askNewPassword refuses two different answers", async () => {
  const fake = fakeIo(["hunter2!!\r", "hunter3!!\r"]);
  await assert.rejects(askNewPassword(fake.io), new PromptError("the passwords do not match"));
  assert.deepEqual(fake.raw, [true, false]);
});

Deno.test("askNewPassword aborts on Ctrl-C and restores the terminal", async () => {
  const fake = fakeIo(["hunt", "\x03", "never read\r"]);
  await assert.rejects(askNewPassword(fake.io), PromptAborted);
  assert.deepEqual(fake.raw, [true, false]);
  assert.equal(fake.unread(), 1);
  assert.deepEqual(fake.written, ["Password: ", "\r\n"]);
});

Deno.test("askNewPassword fails when the terminal's input ends", async () => {
  const fake = fakeIo(["hunter2!!"]);
  await assert.rejects(askNewPassword(fake.io), /end of input/);
  assert.deepEqual(fake.raw, [true, false]);
});

Deno.test("askNewPassword reads one line, once and silently, when stdin is not a terminal", async () => {
  const fake = fakeIo(["hunter2!!\r\nsomething else\n"], { terminal: false });
  assert.equal(await askNewPassword(fake.io), "hunter2!!");
  assert.deepEqual(fake.raw, []);
  assert.deepEqual(fake.written, []);
});

Deno.test("readPipedLine reads across chunks, allows an empty line, refuses an empty pipe", async () => {
  assert.equal(await readPipedLine(fakeIo(["hun", "ter2", "!!"]).io.stdin), "hunter2!!");
  assert.equal(await readPipedLine(fakeIo(["\n"]).io.stdin), "");
  await assert.rejects(readPipedLine(fakeIo([]).io.stdin), /no password given/);
});

function lineOf(result: ReturnType<ReturnType<typeof createLineEditor>["feed"]> | undefined) {
  assert.equal(result?.status, "done");
  return result.line;
}
