import { AppError } from "../core/errors.ts";

/** Free text a person typed (notes, reasons, references): trimmed, null when empty, refused when too long. */
export function textField(
  value: string | null | undefined,
  path: string,
  options: { readonly required: boolean; readonly lengthMax: number },
): string | null {
  const text = value?.trim() ?? "";
  if (text === "" && options.required) {
    throw new AppError("VALIDATION_FAILED", {
      detail: `${path} is required`,
      issues: [{ path, code: "REQUIRED", message: "required" }],
    });
  }
  if (text.length > options.lengthMax) {
    throw new AppError("VALIDATION_FAILED", {
      detail: `${path} is too long`,
      issues: [{ path, code: "TOO_LONG", message: `at most ${options.lengthMax} characters` }],
    });
  }
  return text === "" ? null : text;
}

/** A field-level refusal: 400 VALIDATION_FAILED with one issue. */
export function fieldError(path: string, code: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", {
    detail: `${path}: ${message}`,
    issues: [{ path, code, message }],
  });
}
