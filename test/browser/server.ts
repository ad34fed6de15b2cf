/**
 * Starting and stopping a Jupyter server (classic Notebook or JupyterLab) for the browser test, and its
 * sessions API.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { ROOT } from "../../scripts/jupyter.mjs";

export interface Server {
  url: string;
  token: string;
  proc: ChildProcess;
  /** Everything the server printed so far. */
  log(): string;
}

export interface Session {
  id: string;
  path: string;
  kernel: { id: string } | null;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (asks the OS, then releases it for the server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Starts a server and waits until its API answers. `args(port, token)` gives the command line; the server runs
 * in its own process group (so it can be stopped whole) with the project as its working folder.
 */
export async function startServer(
  label: string,
  command: string,
  args: (port: number, token: string) => string[],
  env: NodeJS.ProcessEnv,
): Promise<Server> {
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const proc = spawn(command, args(port, token), {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  proc.stdout?.on("data", (d) => (log += d));
  proc.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null)
      throw new Error(`the ${label} server exited (${proc.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${url}/api/status?token=${token}`)).ok)
        return { url, token, proc, log: () => log };
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  proc.kill("SIGKILL");
  throw new Error(`the ${label} server did not answer within 90 s:\n${log}`);
}

/** Shuts down every kernel (they run in their own process groups), then the server itself. */
export async function stopServer(server: Server): Promise<void> {
  await deleteSessions(server).catch(() => {});
  const pid = server.proc.pid;
  if (pid === undefined || server.proc.exitCode !== null) return;
  const exited = new Promise((r) => server.proc.once("exit", r));
  process.kill(-pid, "SIGTERM");
  if (await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

/** The server's sessions (one per open notebook, each with its kernel). */
export async function sessions(server: Server): Promise<Session[]> {
  const headers = { Authorization: `token ${server.token}` };
  return (await (await fetch(`${server.url}/api/sessions`, { headers })).json()) as Session[];
}

/** Deletes all sessions (each one's kernel with it), so the next notebook gets a fresh kernel. */
export async function deleteSessions(server: Server): Promise<void> {
  const headers = { Authorization: `token ${server.token}` };
  for (const s of await sessions(server))
    await fetch(`${server.url}/api/sessions/${s.id}`, { method: "DELETE", headers });
}
