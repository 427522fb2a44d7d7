import { describe, expect, it } from "vitest";
import { createUuidv7Generator, isUuid, newId, uuidv7 } from "../../../src/core/ids.ts";

const canonicalLowercase = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function timestampMs(id: string): number {
  return Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16);
}

function counter(id: string): number {
  return Number.parseInt(id.replaceAll("-", "").slice(13, 16), 16);
}

describe("uuidv7", () => {
  it("makes lowercase canonical ids with version 7 and variant 10", () => {
    for (let index = 0; index < 200; index += 1) {
      const id = uuidv7();
      expect(id).toMatch(canonicalLowercase);
      expect(isUuid(id)).toBe(true);
    }
  });

  it("encodes the Unix millisecond timestamp in the first 48 bits", () => {
    const generate = createUuidv7Generator();
    const nowMs = Date.UTC(2026, 10, 23, 8, 15, 0, 123);
    const id = generate(nowMs);
    expect(timestampMs(id)).toBe(nowMs);
    const hex = nowMs.toString(16).padStart(12, "0");
    expect(id.slice(0, 13)).toBe(`${hex.slice(0, 8)}-${hex.slice(8)}`);
  });

  it("matches the layout of RFC 9562 appendix A.6 for its timestamp", () => {
    // RFC 9562 A.6: 2022-02-22 19:22:22 UTC (0x017F22E279B0) gives 017F22E2-79B0-7…
    const generate = createUuidv7Generator();
    expect(generate(0x017f22e279b0).slice(0, 15)).toBe("017f22e2-79b0-7");
  });

  it("uses the extremes of the 48-bit timestamp", () => {
    expect(createUuidv7Generator()(0).slice(0, 15)).toBe("00000000-0000-7");
    expect(createUuidv7Generator()(2 ** 48 - 1).slice(0, 15)).toBe("ffffffff-ffff-7");
  });

  it("asserts on timestamps that do not fit", () => {
    const generate = createUuidv7Generator();
    expect(() => generate(-1)).toThrow(/Assertion/);
    expect(() => generate(2 ** 48)).toThrow(/Assertion/);
    expect(() => generate(1.5)).toThrow(/Assertion/);
    expect(() => generate(Number.NaN)).toThrow(/Assertion/);
  });

  it("counts up within one millisecond from a seed that leaves headroom", () => {
    const generate = createUuidv7Generator();
    const first = generate(1_000);
    const second = generate(1_000);
    expect(counter(first)).toBeLessThan(0x800);
    expect(counter(second)).toBe(counter(first) + 1);
    expect(timestampMs(second)).toBe(1_000);
    expect(second > first).toBe(true);
  });

  it("moves the timestamp ahead when the counter overflows, staying strictly increasing", () => {
    const generate = createUuidv7Generator();
    const ids = Array.from({ length: 5_000 }, () => generate(1_000));
    for (let index = 1; index < ids.length; index += 1) {
      expect((ids[index] ?? "") > (ids[index - 1] ?? "")).toBe(true);
    }
    // A seed below 2048 leaves at least 2048 ids in the first millisecond; 5,000 must overflow.
    expect(timestampMs(ids.at(-1) ?? "")).toBeGreaterThan(1_000);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps increasing when the clock steps back", () => {
    const generate = createUuidv7Generator();
    const later = generate(5_000);
    const earlier = generate(4_000);
    expect(earlier > later).toBe(true);
    expect(timestampMs(earlier)).toBe(5_000);
    // Once the clock passes the last timestamp, it is used again.
    expect(timestampMs(generate(6_000))).toBe(6_000);
  });

  it("fills rand_b with fresh randomness", () => {
    const generate = createUuidv7Generator();
    const tails = new Set(Array.from({ length: 100 }, () => generate(1_000).slice(19)));
    expect(tails.size).toBe(100);
  });

  it("newId makes a UUIDv7", () => {
    expect(newId()).toMatch(canonicalLowercase);
    expect(Math.abs(timestampMs(newId()) - Date.now())).toBeLessThan(60_000);
  });
});

describe("isUuid", () => {
  it("accepts any version in either case", () => {
    expect(isUuid("017f22e2-79b0-7cc3-98c4-dc0c0c07398f")).toBe(true);
    expect(isUuid("017F22E2-79B0-7CC3-98C4-DC0C0C07398F")).toBe(true);
    expect(isUuid("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")).toBe(true);
    expect(isUuid("00000000-0000-0000-0000-000000000000")).toBe(true);
  });

  it("rejects everything else", () => {
    for (const bad of [
      "",
      "017f22e2-79b0-7cc3-98c4-dc0c0c07398",
      "017f22e2-79b0-7cc3-98c4-dc0c0c07398ff",
      "017f22e279b07cc398c4dc0c0c07398f",
      "{017f22e2-79b0-7cc3-98c4-dc0c0c07398f}",
      "017f22e2-79b0-7cc3-98c4-dc0c0c07398g",
      " 017f22e2-79b0-7cc3-98c4-dc0c0c07398f",
      "017f22e2-79b0-7cc3-98c4-dc0c0c07398f\n",
      "urn:uuid:017f22e2-79b0-7cc3-98c4-dc0c0c07398f",
    ]) {
      expect(isUuid(bad)).toBe(false);
    }
    expect(isUuid(undefined)).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});
