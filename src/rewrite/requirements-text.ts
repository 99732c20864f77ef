// Reading requirements files the way pip does, for the pin rewrites that edit them line by line.

/** A requirements line with its `\` continuation lines. */
export function logicalLine(lines: string[], i: number): string {
  let s = lines[i] ?? '';
  let j = i;
  while (/\\\s*$/.test(lines[j] ?? '') && j + 1 < lines.length) s += ' ' + lines[++j];
  return s;
}
