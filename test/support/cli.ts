import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import type { Engine } from "../../src/store/database.ts";
import { testDatabaseUrl } from "./engines.ts";

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, "../../bin/credence.js");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly signal?: string | null;
}

/**
 * The `credence` command as a child process on a database of its own: a SQLite file in a temporary
 * directory, or a fresh PostgreSQL schema. `setUp` before the first call, `tearDown` after the last.
 */
export function cliHarness(engine: Engine) {
  const dir = mkdtempSync(join(tmpdir(), "credence-cli-"));
  const schema = `cli_${process.pid}_${randomBytes(3).toString("hex")}`;
  const databaseUrl =
    engine === "sqlite"
      ? `sqlite:${join(dir, "credence.db")}`
      : `${testDatabaseUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  const harness = {
    dir,
    databaseUrl,
    async setUp(): Promise<void> {
      if (engine === "postgres") await admin(`create schema ${schema}`);
    },
    async tearDown(): Promise<void> {
      rmSync(dir, { recursive: true, force: true });
      if (engine === "postgres") await admin(`drop schema if exists ${schema} cascade`);
    },
    cli: (...args: string[]): Promise<CliResult> => cliWith({}, ...args),
    cliWith,
  };
  return harness;

  /** The command with extra environment variables. A process killed by a signal has code -1 and its signal. */
  async function cliWith(env: Readonly<Record<string, string>>, ...args: string[]): Promise<CliResult> {
    try {
      const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
        cwd: dir,
        env: {
          ...process.env,
          ...env,
          DATABASE_URL: databaseUrl,
          CREDENCE_SECRET: "cli-test-secret-0123456789",
        },
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number | null; signal?: string | null; stdout: string; stderr: string };
      return { code: e.code ?? -1, signal: e.signal ?? null, stdout: e.stdout, stderr: e.stderr };
    }
  }
}
