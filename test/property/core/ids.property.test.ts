import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createUuidv7Generator, isUuid, uuidv7 } from "../../../src/core/ids.ts";

const version7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function expectStrictlyIncreasing(ids: ReadonlyArray<string>): void {
  for (let index = 1; index < ids.length; index += 1) {
    expect((ids[index] ?? "") > (ids[index - 1] ?? "")).toBe(true);
  }
}

describe("uuidv7 properties", () => {
  it("ids from one generator strictly increase whatever the clock does", () => {
    const clockReadings = fc.array(
      fc.oneof(
        fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_005 }),
        fc.integer({ min: 0, max: 2 ** 47 }),
      ),
      { minLength: 1, maxLength: 200 },
    );
    fc.assert(
      fc.property(clockReadings, (readings) => {
        const generate = createUuidv7Generator();
        const ids = readings.map((nowMs) => generate(nowMs));
        for (const id of ids) expect(id).toMatch(version7);
        expectStrictlyIncreasing(ids);
      }),
      { numRuns: 300 },
    );
  });

  it("ids generated in sequence from the system clock strictly increase", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (count) => {
        const ids = Array.from({ length: count }, () => uuidv7());
        for (const id of ids) expect(isUuid(id)).toBe(true);
        expectStrictlyIncreasing(ids);
      }),
      { numRuns: 100 },
    );
  });

  it("isUuid accepts every canonical hex text and rejects other lengths", () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(isUuid(id)).toBe(true);
        expect(isUuid(id.toUpperCase())).toBe(true);
        expect(isUuid(id.slice(1))).toBe(false);
        expect(isUuid(`${id}0`)).toBe(false);
      }),
    );
  });
});
