import type { Engine, Executor, Store, Trx } from "../store/database.ts";

/** Who performs a command: a signed-in user, an API token's user, or the system (CLI, batch). */
export interface Actor {
  readonly userId: string | null;
  readonly label: string;
}

export const systemActor: Actor = { userId: null, label: "system" };

/** The clock, injected so tests can fix "now". */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** One command's view of the world: its transaction, its engine, and the instant it started. */
export interface Tx {
  readonly db: Trx;
  readonly engine: Engine;
  /** ISO-8601 UTC instant with milliseconds; every row the command writes carries this time. */
  readonly now: string;
}

/** A read-only query's view: the database (no transaction needed) and its engine. */
export interface Reader {
  readonly db: Executor;
  readonly engine: Engine;
}

/**
 * Runs one application command as one database transaction (DESIGN.md §2): load → domain →
 * persist → audit, all or nothing.
 */
export async function runCommand<T>(
  store: Store,
  command: (tx: Tx) => Promise<T>,
  clock: Clock = systemClock,
): Promise<T> {
  const now = clock().toISOString();
  return store.db.transaction().execute((db) => command({ db, engine: store.engine, now }));
}

export function readerOf(store: Store): Reader {
  return { db: store.db, engine: store.engine };
}

/**
 * Serializes writers within one organization until the transaction ends, on both engines: a
 * no-op update takes PostgreSQL's row lock and SQLite's write lock (so `busy_timeout` applies
 * now rather than failing later on a lock upgrade).
 */
export async function lockOrganization(tx: Tx, orgId: string): Promise<void> {
  await tx.db
    .updateTable("organizations")
    .set((eb) => ({ name: eb.ref("name") }))
    .where("org_id", "=", orgId)
    .execute();
}
