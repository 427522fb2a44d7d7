import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on loopback for the tests: it accepts every message and keeps it, raw and
 * with its text parts decoded (nodemailer picks base64 or quoted-printable by the share of
 * non-Latin text, so a test never searches the raw message for body text).
 */

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
  /** The Subject header, decoded. */
  readonly subject: string;
  /** The decoded text/plain and text/html parts, in order, joined by a blank line. */
  readonly text: string;
  /** The decoded text/plain parts alone, joined by a blank line. */
  readonly plain: string;
  /** The decoded text/html parts alone, joined by a blank line; "" when the message has none. */
  readonly html: string;
  /** Every leaf part that is not text (attachments), with its file name and decoded bytes. */
  readonly attachments: ReadonlyArray<{
    readonly type: string;
    readonly filename: string;
    readonly bytes: Buffer;
  }>;
  /** The content types of every leaf part (text/plain, application/pdf, …). */
  readonly partTypes: string[];
}

export interface LoopbackSmtp {
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Answers the next `count` messages with a temporary failure (451) instead of accepting them. */
  failNext(count: number): void;
  close(): Promise<void>;
}

export async function startLoopbackSmtp(): Promise<LoopbackSmtp> {
  const received: ReceivedMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (failures > 0) {
          failures -= 1;
          const error = new Error("Mailbox temporarily unavailable") as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const parts = leafParts(raw);
        received.push({
          from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: decodeHeader(/^Subject:\s*(.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1] ?? ""),
          text: parts
            .filter((p) => p.type.startsWith("text/"))
            .map((p) => p.body)
            .join("\n\n"),
          plain: parts
            .filter((p) => p.type === "text/plain")
            .map((p) => p.body)
            .join("\n\n"),
          html: parts
            .filter((p) => p.type === "text/html")
            .map((p) => p.body)
            .join("\n\n"),
          attachments: parts
            .filter((p) => !p.type.startsWith("text/"))
            .map((p) => ({ type: p.type, filename: p.filename, bytes: p.bytes })),
          partTypes: parts.map((p) => p.type),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext(count) {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Part {
  readonly type: string;
  /** Text parts, decoded; "" for the others. */
  readonly body: string;
  /** Non-text parts, decoded from base64; empty for text parts. */
  readonly bytes: Buffer;
  readonly filename: string;
}

/** The leaf parts of a MIME message, decoded from base64 or quoted-printable. */
function leafParts(entity: string): Part[] {
  const split = entity.search(/\r?\n\r?\n/);
  const head = split < 0 ? entity : entity.slice(0, split);
  const body = split < 0 ? "" : entity.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers = head.replace(/\r?\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(headers)?.[1] ?? "";
  const contentType = header("Content-Type") || "text/plain";
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "text/plain";
  if (type.startsWith("multipart/")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (boundary === undefined) return [];
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((chunk) => !chunk.startsWith("--"))
      .flatMap((chunk) => leafParts(chunk.replace(/^\r?\n/, "")));
  }
  const encoding = header("Content-Transfer-Encoding").trim().toLowerCase();
  const filename = decodeHeader(
    /filename="?([^";]+)"?/i.exec(header("Content-Disposition"))?.[1] ??
      /name="?([^";]+)"?/i.exec(contentType)?.[1] ??
      "",
  );
  const none = Buffer.alloc(0);
  if (!type.startsWith("text/")) {
    const bytes = encoding === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64") : Buffer.from(body);
    return [{ type, body: "", bytes, filename }];
  }
  if (encoding === "base64")
    return [
      { type, body: Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8"), bytes: none, filename },
    ];
  if (encoding === "quoted-printable")
    return [{ type, body: decodeQuotedPrintable(body), bytes: none, filename }];
  return [{ type, body, bytes: none, filename }];
}

/** An RFC 2047 header: encoded words (=?UTF-8?B?…?= or ?Q?) decoded, folding and the space between words dropped. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/\r?\n[ \t]+/g, " ")
    .replace(/=\?[^?]+\?([BQ])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeQuotedPrintable(text.replaceAll("_", " ")),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < joined.length; i += 1) {
    const char = joined[i];
    const hex = joined.slice(i + 1, i + 3);
    if (char === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char ?? "", "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
