import type { LegalDocumentUpload } from "../../api/collections-types.ts";
import { legalDocumentBytesMax } from "./collections-queries.ts";

/** Characters of a document's name and content type the server keeps (src/api/routes/collections.ts). */
const documentNameLengthMax = 200;
const contentTypeLengthMax = 100;

/** A file picked for a legal step: refused when too large, else read and ready to send. */
export type PickedDocument =
  | { readonly state: "too_large"; readonly name: string; readonly bytes: number }
  | { readonly state: "ready"; readonly bytes: number; readonly upload: LegalDocumentUpload };

/** A name the server keeps whole: a long one is cut before its extension, which stays. */
function documentName(name: string): string {
  const trimmed = name.trim() === "" ? "document" : name.trim();
  if (trimmed.length <= documentNameLengthMax) return trimmed;
  const dot = trimmed.lastIndexOf(".");
  const extension = dot > 0 && trimmed.length - dot <= 16 ? trimmed.slice(dot) : "";
  return trimmed.slice(0, documentNameLengthMax - extension.length) + extension;
}

/** The file's bytes in base64: a data URL's payload, read by the browser without a copy in JS. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error("the file could not be read"));
    reader.onload = () => {
      const url = typeof reader.result === "string" ? reader.result : "";
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.readAsDataURL(file);
  });
}

/**
 * Reads a picked file for a legal step. One over 5 MiB (the server's limit) is refused here,
 * before a byte is sent; an empty one is sent and refused at its field by the server.
 */
export async function pickDocument(file: File): Promise<PickedDocument> {
  if (file.size > legalDocumentBytesMax) return { state: "too_large", name: file.name, bytes: file.size };
  const contentType = (file.type === "" ? "application/octet-stream" : file.type).slice(
    0,
    contentTypeLengthMax,
  );
  return {
    state: "ready",
    bytes: file.size,
    upload: { name: documentName(file.name), contentType, base64: await base64Of(file) },
  };
}
