import { PassThrough } from "node:stream";
import type { FastifyReply } from "fastify";
import type { ExportFile } from "../services/ledger/index.ts";

/** Streams an export as a download: the writer runs while the client reads. */
export async function sendFile(reply: FastifyReply, file: ExportFile): Promise<FastifyReply> {
  const body = new PassThrough();
  // A failure midway cuts the download short rather than letting a truncated file look complete.
  file
    .write(body)
    .catch((error: unknown) => body.destroy(error instanceof Error ? error : new Error(String(error))));
  return reply
    .header("content-type", file.contentType)
    .header("content-disposition", `attachment; filename="${file.filename}"`)
    .header("cache-control", "no-store")
    .send(body);
}

/** Sends a document made in memory (a PDF, a workbook); `inline` lets a browser show a PDF in place. */
export function sendDocument(
  reply: FastifyReply,
  document: {
    readonly bytes: Buffer;
    readonly filename: string;
    readonly contentType: string;
    readonly inline?: boolean;
  },
): FastifyReply {
  return reply
    .header("content-type", document.contentType)
    .header(
      "content-disposition",
      `${document.inline ? "inline" : "attachment"}; filename="${document.filename}"`,
    )
    .header("cache-control", "no-store")
    .send(document.bytes);
}
