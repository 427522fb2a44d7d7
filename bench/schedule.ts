/**
 * Schedule engine benchmark: how fast `buildSchedule` makes 12-period equal-installment monthly
 * schedules (等额本息, 30/360, half-even, due dates included), against a straightforward
 * decimal.js implementation of the same schedule, after checking on a sample that both give the
 * same dates and amounts to the fen.
 *
 *   npx tsx bench/schedule.ts [--schedules 1000000] [--reference-schedules 1000000] [--sample 1000]
 *
 * Inputs come from a fixed-seed generator (principal 1,000.00–1,000,000.00 元, annual rate
 * 1.00–36.00 %, start dates over two years), made before the clock starts. No database, no I/O.
 * See bench/README.md.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Decimal from "decimal.js";
import { assert } from "../src/core/errors.ts";
import { buildSchedule, type Schedule, type ScheduleRequest } from "../src/domain/plans/index.ts";

const schedulesDefault = 1_000_000;
const schedulesMax = 100_000_000;
const sampleDefault = 1_000;
const periods = 12;
/** Distinct requests cycled through; enough that principal and rate vary schedule to schedule. */
const inputPoolSize = 65_536;
/** Progress is printed each time another tenth of a run is done. */
const progressSteps = 10;
/** Fixed, so that every run computes the same schedules and runs can be compared. */
const seed = 20_261_105;
/** Start dates: two years of days from here, month ends included, so clamping is exercised. */
const firstStartMs = Date.UTC(2026, 0, 1);
const startDays = 730;
const dayMs = 86_400_000;

/** mulberry32: a small deterministic generator. */
function createRandom(initial: number): (bound: number) => number {
  let state = initial >>> 0;
  return (bound) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % bound;
  };
}

function makeInputs(count: number): ScheduleRequest[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (): ScheduleRequest => {
    const basisPoints = 100 + random(3_501);
    return {
      principalMinor: BigInt(100_000 + random(99_900_001)),
      currency: "CNY",
      method: "equal-installment",
      periods,
      frequency: "monthly",
      startDate: new Date(firstStartMs + random(startDays) * dayMs).toISOString().slice(0, 10),
      annualRate: `0.${String(basisPoints).padStart(4, "0")}`,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The reference: what one would write with decimal.js, in major units, rounding like the engine
// (half-even to the fen, the last installment takes the balance), dates by JavaScript Date.
// ---------------------------------------------------------------------------------------------

/** 40 significant digits: far beyond a fen on 10^15 元, so the level payment rounds correctly. */
const ReferenceDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
const one = new ReferenceDecimal(1);
const twelve = new ReferenceDecimal(12);

interface ReferenceRow {
  readonly dueDate: string;
  readonly principal: Decimal;
  readonly interest: Decimal;
  readonly total: Decimal;
  readonly balanceAfter: Decimal;
}

function referenceDueDate(startDate: string, monthsLater: number): string {
  const year = Number(startDate.slice(0, 4));
  const month = Number(startDate.slice(5, 7)) - 1;
  const day = Number(startDate.slice(8, 10));
  const lastDay = new Date(Date.UTC(year, month + monthsLater + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month + monthsLater, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

function referenceSchedule(request: ScheduleRequest): ReferenceRow[] {
  const principal = new ReferenceDecimal(request.principalMinor.toString()).div(100);
  const annualRate = new ReferenceDecimal(String(request.annualRate));
  const rate = annualRate.div(twelve);
  const level = principal
    .times(rate)
    .div(one.minus(one.plus(rate).pow(-request.periods)))
    .toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
  const rows: ReferenceRow[] = [];
  let balance = principal;
  for (let number = 1; number <= request.periods; number += 1) {
    // Divide last: 0.304 / 12 is rounded to 40 digits, and balance × that misses the exact
    // half-fen ties that balance × 0.304 / 12 keeps (the full-pool check found 1 in ~65,000).
    const interest = balance.times(annualRate).div(twelve).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
    const part = number === request.periods ? balance : level.minus(interest);
    balance = balance.minus(part);
    rows.push({
      dueDate: referenceDueDate(request.startDate, number),
      principal: part,
      interest,
      total: part.plus(interest),
      balanceAfter: balance,
    });
  }
  return rows;
}

function minorOf(amount: Decimal): bigint {
  assert(amount.decimalPlaces() <= 2, "reference amounts are whole fen");
  return BigInt(amount.times(100).toFixed(0));
}

/** The first difference between the two, or null when they agree on every date and amount. */
function difference(schedule: Schedule, reference: ReadonlyArray<ReferenceRow>): string | null {
  if (schedule.installments.length !== reference.length) return "row count";
  for (const [index, row] of schedule.installments.entries()) {
    const expected = reference[index];
    if (expected === undefined) return `row ${index + 1} missing`;
    const pairs: ReadonlyArray<readonly [string, unknown, unknown]> = [
      ["dueDate", row.dueDate, expected.dueDate],
      ["principal", row.principalMinor, minorOf(expected.principal)],
      ["interest", row.interestMinor, minorOf(expected.interest)],
      ["total", row.totalMinor, minorOf(expected.total)],
      ["balanceAfter", row.balanceAfterMinor, minorOf(expected.balanceAfter)],
    ];
    for (const [field, actual, wanted] of pairs) {
      if (actual !== wanted) return `row ${index + 1} ${field}: ${String(actual)} ≠ ${String(wanted)}`;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

interface Options {
  readonly schedules: number;
  readonly referenceSchedules: number;
  readonly sample: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      schedules: { type: "string", default: String(schedulesDefault) },
      "reference-schedules": { type: "string" },
      sample: { type: "string", default: String(sampleDefault) },
    },
  });
  const schedules = Number(values.schedules);
  const referenceSchedules = Number(values["reference-schedules"] ?? values.schedules);
  const sample = Number(values.sample);
  for (const [name, value, min] of [
    ["--schedules", schedules, 1],
    ["--reference-schedules", referenceSchedules, 1],
    ["--sample", sample, 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < min || value > schedulesMax) {
      throw new Error(`${name} must be an integer from ${min} to ${schedulesMax}`);
    }
  }
  return { schedules, referenceSchedules, sample };
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const seconds = (ms: number) => (ms / 1_000).toFixed(2);
const perSecond = (count: number, ms: number) => (ms === 0 ? 0 : Math.round((count * 1_000) / ms));

interface Run {
  readonly count: number;
  readonly ms: number;
  /** Interest of every schedule added up: keeps the work observable, and both sides must agree. */
  readonly interestMinor: bigint;
}

function timeRun(
  label: string,
  count: number,
  inputs: ReadonlyArray<ScheduleRequest>,
  build: (request: ScheduleRequest) => bigint,
): Run {
  const step = Math.ceil(count / progressSteps);
  let interestMinor = 0n;
  let ms = 0;
  for (let done = 0; done < count; ) {
    const batch = Math.min(step, count - done);
    const started = performance.now();
    for (let index = done; index < done + batch; index += 1) {
      const request = inputs[index % inputs.length];
      assert(request !== undefined, "the input pool is not empty");
      interestMinor += build(request);
    }
    ms += performance.now() - started;
    done += batch;
    console.log(
      `${label.padEnd(10)} ${number.format(done).padStart(11)} / ${number.format(count)}` +
        `  ${seconds(ms)} s  ${number.format(perSecond(done, ms))} schedules/s`,
    );
  }
  return { count, ms, interestMinor };
}

function main(): void {
  const options = readOptions();
  console.log(
    `schedule benchmark: ${number.format(options.schedules)} schedules of ${periods} monthly equal installments ` +
      `(30/360, half-even); decimal.js reference on ${number.format(options.referenceSchedules)}`,
  );
  const inputs = makeInputs(inputPoolSize);

  const sample = inputs.slice(0, options.sample);
  for (const request of sample) {
    const mismatch = difference(buildSchedule(request), referenceSchedule(request));
    if (mismatch !== null) {
      throw new Error(
        `engine and reference differ for ${JSON.stringify({ ...request, principalMinor: String(request.principalMinor) })}: ${mismatch}`,
      );
    }
  }
  console.log(
    `verified: ${number.format(sample.length)} schedules identical (dates, principal, interest, total, balance)`,
  );

  const engine = timeRun(
    "engine",
    options.schedules,
    inputs,
    (request) => buildSchedule(request).totals.interestMinor,
  );
  const reference = timeRun("decimal.js", options.referenceSchedules, inputs, (request) => {
    let interest = new ReferenceDecimal(0);
    for (const row of referenceSchedule(request)) interest = interest.plus(row.interest);
    return minorOf(interest);
  });
  if (engine.count === reference.count) {
    assert(engine.interestMinor === reference.interestMinor, "both sides charge the same interest in all");
  }

  const enginePerSecond = perSecond(engine.count, engine.ms);
  const referencePerSecond = perSecond(reference.count, reference.ms);
  const ratio = referencePerSecond === 0 ? 0 : enginePerSecond / referencePerSecond;
  const extrapolated = reference.count !== engine.count;
  console.log(
    `engine: ${number.format(engine.count)} schedules in ${seconds(engine.ms)} s — ${number.format(enginePerSecond)} schedules/s, ` +
      `${((engine.ms * 1_000) / engine.count).toFixed(2)} µs each`,
  );
  console.log(
    `decimal.js: ${number.format(reference.count)} schedules in ${seconds(reference.ms)} s — ${number.format(referencePerSecond)} schedules/s` +
      (extrapolated
        ? ` (${number.format(engine.count)} would take about ${seconds((engine.count * reference.ms) / reference.count)} s)`
        : ""),
  );
  console.log(`engine / decimal.js (schedules/s): ${ratio.toFixed(1)} ×`);
  console.log(
    JSON.stringify({
      benchmark: "schedule",
      periods,
      schedules: engine.count,
      seconds: Number((engine.ms / 1_000).toFixed(2)),
      schedulesPerSecond: enginePerSecond,
      referenceSchedules: reference.count,
      referenceSeconds: Number((reference.ms / 1_000).toFixed(2)),
      referenceSchedulesPerSecond: referencePerSecond,
      referenceExtrapolated: extrapolated,
      ratio: Number(ratio.toFixed(2)),
      verifiedSample: sample.length,
      date: new Date().toISOString(),
      node: process.version,
    }),
  );
}

main();
