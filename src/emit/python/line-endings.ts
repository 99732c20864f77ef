// CRLF sources: the low-level transforms work on LF text and write the file's own line ending
// back, so inserted lines never glue onto their neighbours. CPython reads CRLF and LF source alike
// (universal newlines, also inside string literals), so the round trip keeps every value.

/** The file uses CRLF line endings (most of its line breaks are CRLF). */
export function usesCrlf(text: string): boolean {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  if (crlf === 0) return false;
  const lf = (text.match(/\n/g) ?? []).length;
  return crlf * 2 > lf;
}

export function toLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
