import assert from "node:assert/strict";
import { PassThrough, Writable } from "node:stream";
import {
  askNewPassword,
  PromptAborted,
  PromptError,
  type PromptIo,
  readPipedLine,
} from "./password_prompt.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

/** A pipe that hands out the given chunks one read at a time. */
function fakeStdin(chunks: (string | Uint8Array)[], terminal = false) {
  const queue = chunks.map((chunk) => typeof chunk === "string" ? bytes(chunk) : chunk);
  return {
    isTerminal: () => terminal,
    read(buffer: Uint8Array) {
      const chunk = queue.shift();
      if (chunk === undefined) return Promise.resolve(null);
      buffer.set(chunk);
      return Promise.resolve(chunk.length);
    },
    unread: () => queue.length,
  };
}

/** A terminal: keys typed in, what is drawn collected, raw mode switches recorded. */
function fakeTerminal() {
  const raw: boolean[] = [];
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: (mode: boolean) => void raw.push(mode),
  });
  let screen = "";
  const output = new Writable({
    write(chunk, _encoding, callback) {
      screen += String(chunk);
      callback();
    },
  });
  // A terminal stays open from one question to the next.
  output.end = () => output;
  const io: PromptIo = { stdin: fakeStdin([], true), terminal: { input, output } };

  /** Types the keys once `question` is on the screen. */
  async function answer(question: string, keys: string | Uint8Array) {
    for (let waited = 0; !screen.includes(question); waited += 5) {
      if (waited > 5_000) throw new Error(`"${question}" never shown; screen: ${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    input.write(keys);
  }
  return { io, input, raw, answer, screen: () => screen };
}

/** Starts asking; the rejection, if any, is awaited by the test. */
function asking(io: PromptIo) {
  const promise = askNewPassword(io);
  promise.catch(() => {});
  return promise;
}

/** The password that the same keys typed at both questions give. */
async function typedTwice(...chunks: (string | Uint8Array)[]) {
  const terminal = fakeTerminal();
  const result = asking(terminal.io);
  for (const question of ["Password:", "Repeat password:"]) {
    for (const chunk of chunks) await terminal.answer(question, chunk);
  }
  return await result;
}

Deno.test("askNewPassword asks twice in raw mode, echoes nothing and restores the terminal", async () => {
  const terminal = fakeTerminal();
  const result = asking(terminal.io);
  await terminal.answer("Password:", "hun");
  await terminal.answer("Password:", "ter2!!\r");
  await terminal.answer("Repeat password:", "hunter2!!\r");
  assert.equal(await result, "hunter2!!");
  assert.equal(terminal.raw.at(0), true);
  assert.equal(terminal.raw.at(-1), false);
  assert.doesNotMatch(terminal.screen(), /hun|ter2|\*/);
});

Deno.test("askNewPassword refuses two different answers", async () => {
  const terminal = fakeTerminal();
  const result = asking(terminal.io);
  await terminal.answer("Password:", "hunter2!!\r");
  await terminal.answer("Repeat password:", "hunter3!!\r");
  await assert.rejects(result, new PromptError("the passwords do not match"));
  assert.equal(terminal.raw.at(-1), false);
});

Deno.test("askNewPassword aborts on Ctrl-C, does not ask again and restores the terminal", async () => {
  const terminal = fakeTerminal();
  const result = asking(terminal.io);
  await terminal.answer("Password:", "hunt");
  await terminal.answer("Password:", "\x03");
  await assert.rejects(result, PromptAborted);
  assert.equal(terminal.raw.at(-1), false);
  assert.doesNotMatch(terminal.screen(), /Repeat password/);
});

Deno.test("askNewPassword aborts on Ctrl-D only when the line is empty", async () => {
  const terminal = fakeTerminal();
  const result = asking(terminal.io);
  await terminal.answer("Password:", "\x04");
  await assert.rejects(result, PromptAborted);
  assert.equal(terminal.raw.at(-1), false);

  assert.equal(await typedTwice("sec\x04ret\r"), "secret");
});

Deno.test("askNewPassword fails when the terminal's input ends", async () => {
  const terminal = fakeTerminal();
  const result = asking(terminal.io);
  await terminal.answer("Password:", "hunter2!!");
  terminal.input.end();
  await assert.rejects(result, new PromptError("no password given (end of input)"));
  assert.equal(terminal.raw.at(-1), false);
});

Deno.test("the terminal prompt ends the line at Enter (CR, LF or CR LF)", async () => {
  assert.equal(await typedTwice("secret\r"), "secret");
  assert.equal(await typedTwice("sec", "ret\n"), "secret");
  assert.equal(await typedTwice("secret\r\n"), "secret");
});

Deno.test("the terminal prompt handles Backspace, Delete and Ctrl-U", async () => {
  assert.equal(await typedTwice("secrex\x7ft\r"), "secret");
  assert.equal(await typedTwice("secrexx\b\bt\r"), "secret");
  assert.equal(await typedTwice("\x7f\x7fok\r"), "ok");
  assert.equal(await typedTwice("wrong\x15right\r"), "right");
});

Deno.test("the terminal prompt keeps multi-byte characters whole, even split across reads", async () => {
  const euro = bytes("€"); // three bytes
  assert.equal(
    await typedTwice("pässw", euro.subarray(0, 2), euro.subarray(2), "rd🔑\x7f!\r"),
    "pässw€rd!",
  );
});

Deno.test("askNewPassword reads one line, once and silently, when stdin is not a terminal", async () => {
  const terminal = fakeTerminal();
  const stdin = fakeStdin(["hunter2!!\r\nsomething else\n"]);
  assert.equal(await askNewPassword({ ...terminal.io, stdin }), "hunter2!!");
  assert.equal(stdin.unread(), 0);
  assert.deepEqual(terminal.raw, []);
  assert.equal(terminal.screen(), "");
});

Deno.test("readPipedLine reads across chunks, allows an empty line, refuses an empty pipe", async () => {
  assert.equal(await readPipedLine(fakeStdin(["hun", "ter2", "!!"])), "hunter2!!");
  assert.equal(await readPipedLine(fakeStdin(["\n"])), "");
  await assert.rejects(readPipedLine(fakeStdin([])), /no password given/);
});
