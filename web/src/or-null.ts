/** An optional text field as the API takes it: trimmed, or null when nothing is left. */
export function orNull(text: string): string | null {
  return text.trim() === "" ? null : text.trim();
}
