/**
 * Programs the stack needs from the operating system (Caddy, Chromium). Missing ones are
 * installed from Debian's packages when we are root on Debian/Ubuntu; otherwise the task stops
 * with a one-line instruction.
 */
type Program = { command: string; debianPackage: string; purpose: string };

export const CADDY: Program = {
  command: "caddy",
  debianPackage: "caddy",
  purpose: "serve the app",
};
/** Chromium's headless shell: the browser tests need no desktop browser, and it costs less CPU. */
export const CHROMIUM: Program = {
  command: "chromium-headless-shell",
  debianPackage: "chromium-headless-shell",
  purpose: "run the browser tests",
};

let aptUpdated = false;

/** The program's absolute path, installing its package first if needed. */
export async function ensureProgram(program: Program): Promise<string> {
  const found = await which(program.command);
  if (found) return found;
  if (Deno.uid() !== 0 || !(await which("apt-get"))) {
    throw new Error(
      `${program.command} is needed to ${program.purpose}: install it (Debian/Ubuntu: ` +
        `apt-get install ${program.debianPackage}) and run the task again.`,
    );
  }
  console.error(
    `${program.command} not found: installing the Debian package ${program.debianPackage}…`,
  );
  if (!aptUpdated) {
    await apt(["update", "-q"]);
    aptUpdated = true;
  }
  await apt(["install", "-y", "-q", program.debianPackage]);
  const installed = await which(program.command);
  if (!installed) {
    throw new Error(`installing ${program.debianPackage} did not provide ${program.command}`);
  }
  return installed;
}

async function apt(args: string[]) {
  const out = await new Deno.Command("apt-get", {
    args,
    env: { DEBIAN_FRONTEND: "noninteractive" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-5).join("\n");
    throw new Error(`apt-get ${args.join(" ")} failed:\n${text}`);
  }
}

export async function which(command: string): Promise<string | undefined> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (!dir) continue;
    const path = `${dir}/${command}`;
    try {
      const info = await Deno.stat(path);
      if (info.isFile && info.mode !== null && (info.mode & 0o111) !== 0) return path;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
