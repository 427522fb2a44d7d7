import { randomFillSync } from "node:crypto";
import { assert } from "./errors.ts";

/**
 * Ids are UUIDv7 (RFC 9562 §5.7): a 48-bit Unix millisecond timestamp, then randomness.
 * Time-ordered ids keep B-tree inserts at the right edge of the index and sort roughly by
 * creation in both SQLite and PostgreSQL.
 *
 * Layout, most significant first: unix_ts_ms (48) · ver = 0b0111 (4) · rand_a (12) ·
 * var = 0b10 (2) · rand_b (62). rand_a is a counter (RFC 9562 §6.2, method 1), seeded
 * randomly each new millisecond with its top bit clear so that at least 2,048 ids fit in one
 * millisecond before it overflows; on overflow the timestamp moves one millisecond ahead
 * (§6.2 allows this), so ids from one generator are strictly increasing, also when the clock
 * steps back.
 */

const timestampMsMax = 2 ** 48 - 1;
const counterMax = 0xfff;
/** Seeds use 11 of the counter's 12 bits, leaving the upper half as headroom. */
const counterSeedMask = 0x7ff;

const uuidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function randomCounterSeed(): number {
  const bytes = randomFillSync(new Uint8Array(2));
  return (((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0)) & counterSeedMask;
}

function hex(bytes: Uint8Array, from: number, to: number): string {
  let text = "";
  for (let index = from; index < to; index += 1) text += (bytes[index] ?? 0).toString(16).padStart(2, "0");
  return text;
}

/**
 * A generator with its own monotonic state. The module keeps one for `uuidv7`; tests make
 * their own so that one test's timestamps cannot steer another's.
 */
export function createUuidv7Generator(): (nowMs?: number) => string {
  let lastMs = -1;
  let counter = 0;
  return (nowMs: number = Date.now()): string => {
    assert(
      Number.isSafeInteger(nowMs) && nowMs >= 0 && nowMs <= timestampMsMax,
      "nowMs must be an integer Unix time in milliseconds that fits 48 bits",
    );
    if (nowMs > lastMs) {
      lastMs = nowMs;
      counter = randomCounterSeed();
    } else if (counter < counterMax) {
      counter += 1;
    } else {
      assert(lastMs < timestampMsMax, "UUIDv7 timestamp exhausted");
      lastMs += 1;
      counter = randomCounterSeed();
    }

    const bytes = randomFillSync(new Uint8Array(16));
    let timestamp = lastMs;
    for (let index = 5; index >= 0; index -= 1) {
      bytes[index] = timestamp % 256;
      timestamp = Math.floor(timestamp / 256);
    }
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    return `${hex(bytes, 0, 4)}-${hex(bytes, 4, 6)}-${hex(bytes, 6, 8)}-${hex(bytes, 8, 10)}-${hex(bytes, 10, 16)}`;
  };
}

const defaultGenerator = createUuidv7Generator();

/** A new lowercase UUIDv7; `nowMs` defaults to the system clock. */
export function uuidv7(nowMs?: number): string {
  return nowMs === undefined ? defaultGenerator() : defaultGenerator(nowMs);
}

/** The id for a new row. */
export function newId(): string {
  return uuidv7();
}

/** Canonical 8-4-4-4-12 hex text of any UUID version, in either case. */
export function isUuid(text: unknown): text is string {
  return typeof text === "string" && uuidPattern.test(text);
}
