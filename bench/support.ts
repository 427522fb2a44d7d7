import { loadavg } from "node:os";

/** What the benchmarks share: number formatting, the machine's load, peak memory, a seeded generator. */

export const number = new Intl.NumberFormat("en-US");

/** The load average over 1, 5 and 15 minutes, as printed beside every figure. */
export const loadAverage = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

/** This process's peak resident set size so far, in MB. */
export const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * mulberry32: a small fixed-seed generator, so that every engine and every run gets the same
 * book. Returns whole numbers from 0 to `below` − 1.
 */
export function createRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * below);
  };
}
