import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { AppError } from "../core/errors.ts";

/**
 * The font of every PDF Credence renders: Noto Sans CJK (Debian package fonts-noto-cjk), which
 * covers Latin too, so Chinese and English documents render the same way and a PDF never depends
 * on a viewer's fonts.
 */

/** Overrides the font search: a path to a Noto Sans CJK collection (.ttc) or any OpenType font. */
export const cjkFontEnvironmentVariable = "CREDENCE_CJK_FONT";
/** Where distributions install Noto Sans CJK; the first that exists is used. */
export const cjkFontPaths: ReadonlyArray<string> = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"];
/**
 * The faces picked from a collection. The Simplified Chinese face, because our Chinese is
 * Simplified and the CJK faces differ in glyph shapes, not in the Latin they share.
 */
const cjkFaceRegular = "NotoSansCJKsc-Regular";
const cjkFaceBold = "NotoSansCJKsc-Bold";

/** The names the faces are registered under in a document. */
export const fontRegular = "cjk-regular";
const fontBold = "cjk-bold";

export interface CjkFont {
  readonly path: string;
  readonly regular: Buffer;
  /** The bold file next to the regular one; null when there is none (headings use regular). */
  readonly bold: Buffer | null;
}

let cachedFont: CjkFont | null = null;

/** The font file to use: the environment override, else the first known path that exists. */
export function findCjkFontPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[cjkFontEnvironmentVariable];
  if (override !== undefined && override !== "") {
    // A configured font that is missing is a setup mistake, not a reason to pick another one.
    if (!existsSync(override)) {
      throw new AppError("PDF_FONT_MISSING", {
        detail: `${cjkFontEnvironmentVariable}=${override}: no such file`,
      });
    }
    return override;
  }
  const found = cjkFontPaths.find((path) => existsSync(path));
  if (found === undefined) {
    throw new AppError("PDF_FONT_MISSING", {
      detail:
        `no CJK font at ${cjkFontPaths.join(", ")}: install the Debian package fonts-noto-cjk ` +
        `or set ${cjkFontEnvironmentVariable}`,
    });
  }
  return found;
}

/** Reads the font once per path: the collections are about 20 MB each. */
export function loadCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont {
  const path = findCjkFontPath(env);
  if (cachedFont?.path === path) return cachedFont;
  const boldPath = join(dirname(path), "NotoSansCJK-Bold.ttc");
  const regular = readFont(path);
  const bold = path.endsWith("NotoSansCJK-Regular.ttc") && existsSync(boldPath) ? readFont(boldPath) : null;
  cachedFont = { path, regular, bold };
  return cachedFont;
}

function readFont(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new AppError("PDF_FONT_MISSING", { detail: `${path} cannot be read`, cause: error });
  }
}

/** TrueType/OpenType collections start with the tag "ttcf"; a face must then be named. */
function isFontCollection(data: Buffer): boolean {
  return data.subarray(0, 4).toString("latin1") === "ttcf";
}

/**
 * Registers the fonts in `doc` under `fontRegular` and a bold name, and returns the name to use
 * for bold text. Throws PDF_FONT_MISSING when the file is not a usable font.
 */
export function registerCjkFonts(doc: PDFKit.PDFDocument, font: CjkFont): string {
  const collection = isFontCollection(font.regular);
  if (collection) doc.registerFont(fontRegular, font.regular, cjkFaceRegular);
  else doc.registerFont(fontRegular, font.regular);
  // Never the same face under two names: pdfkit 0.20 then re-parses the whole file on every
  // switch to the second name (tens of seconds for a long table).
  if (font.bold !== null) doc.registerFont(fontBold, font.bold, cjkFaceBold);
  const boldFont = font.bold === null ? fontRegular : fontBold;
  try {
    doc.font(boldFont).font(fontRegular);
    return boldFont;
  } catch (error) {
    throw new AppError("PDF_FONT_MISSING", {
      detail: `${font.path} is not a usable font${collection ? ` or has no face ${cjkFaceRegular}` : ""}`,
      cause: error,
    });
  }
}
