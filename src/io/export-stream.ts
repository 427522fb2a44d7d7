import { once } from "node:events";
import type { Writable } from "node:stream";

/** Content types of the files Credence writes. */
export const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const csvType = "text/csv; charset=utf-8";

/** Writes text chunks to `output`, waiting when it is full, then ends it. */
export async function writeChunks(chunks: AsyncIterable<string>, output: Writable): Promise<void> {
  for await (const chunk of chunks) {
    if (!output.write(chunk)) await once(output, "drain");
  }
  output.end();
}

/** Waits for a writer that may leave `output` open (ExcelJS), then ends it. */
export async function endAfter(write: Promise<void>, output: Writable): Promise<void> {
  await write;
  if (!output.writableEnded) output.end();
}
