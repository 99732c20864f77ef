// A small, error-tolerant TOML reader: just enough of the format to read dependency lists out of
// pyproject.toml and package versions out of uv.lock / poetry.lock / pdm.lock / pylock.toml,
// with the line of every value. Not a validator: what it does not understand it skips to the end
// of the line. (No npm dependency for this: the files we read use a small part of TOML.)

export type TomlValue =
  | { kind: 'string'; value: string; line: number }
  | { kind: 'array'; items: TomlValue[]; line: number }
  | { kind: 'table'; entries: TomlEntry[]; line: number }
  | { kind: 'other'; raw: string; line: number };

export interface TomlEntry {
  /** Dotted key as written after the table header (`a.b = 1` → ['a', 'b']). */
  key: string[];
  value: TomlValue;
  line: number;
}

export interface TomlTable {
  /** Header path (`[tool.poetry.dependencies]` → ['tool', 'poetry', 'dependencies']); [] for the root. */
  path: string[];
  /** `[[name]]`: one element of an array of tables. */
  arrayElement: boolean;
  line: number;
  entries: TomlEntry[];
}

const BARE_KEY = /[A-Za-z0-9_-]/;

class Reader {
  pos = 0;
  line = 1;
  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }
  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
  advance(n = 1): void {
    for (let i = 0; i < n && this.pos < this.text.length; i++) {
      if (this.text[this.pos] === '\n') this.line++;
      this.pos++;
    }
  }
  /** Spaces and tabs; with `newlines`, also line breaks and comments. */
  skipSpace(newlines: boolean): void {
    while (!this.done) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || (newlines && (c === '\n' || c === '\r'))) this.advance();
      else if (newlines && c === '#') this.skipLine();
      else break;
    }
  }
  /** To the end of the line, the line break not included. */
  skipLine(): void {
    while (!this.done && this.peek() !== '\n') this.advance();
  }

  readKeyPart(): string | undefined {
    const c = this.peek();
    if (c === '"' || c === "'") return this.readString()?.value;
    let out = '';
    while (!this.done && BARE_KEY.test(this.peek())) {
      out += this.peek();
      this.advance();
    }
    return out || undefined;
  }

  readKey(): string[] | undefined {
    const parts: string[] = [];
    for (;;) {
      this.skipSpace(false);
      const part = this.readKeyPart();
      if (part === undefined) return undefined;
      parts.push(part);
      this.skipSpace(false);
      if (this.peek() !== '.') return parts;
      this.advance();
    }
  }

  readString(): { kind: 'string'; value: string; line: number } | undefined {
    const line = this.line;
    const quote = this.peek();
    const multi = this.startsWith(quote.repeat(3));
    const literal = quote === "'";
    this.advance(multi ? 3 : 1);
    if (multi && this.peek() === '\n') this.advance();
    else if (multi && this.startsWith('\r\n')) this.advance(2);
    let value = '';
    while (!this.done) {
      if (multi ? this.startsWith(quote.repeat(3)) : this.peek() === quote) {
        this.advance(multi ? 3 : 1);
        return { kind: 'string', value, line };
      }
      const c = this.peek();
      if (!multi && c === '\n') return undefined;
      if (c === '\\' && !literal) {
        const e = this.peek(1);
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\' };
        if (e in simple) {
          value += simple[e];
          this.advance(2);
        } else if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          const hex = this.text.slice(this.pos + 2, this.pos + 2 + len);
          value += /^[0-9a-fA-F]+$/.test(hex) ? String.fromCodePoint(parseInt(hex, 16)) : '';
          this.advance(2 + len);
        } else {
          // Line-ending backslash in a multi-line string: drop the break and the leading space.
          this.advance(1);
          this.skipSpace(true);
        }
        continue;
      }
      value += c;
      this.advance();
    }
    return undefined;
  }

  readValue(): TomlValue | undefined {
    this.skipSpace(false);
    const line = this.line;
    const c = this.peek();
    if (c === '"' || c === "'") return this.readString();
    if (c === '[') {
      this.advance();
      const items: TomlValue[] = [];
      for (;;) {
        this.skipSpace(true);
        if (this.done) return undefined;
        if (this.peek() === ']') {
          this.advance();
          return { kind: 'array', items, line };
        }
        const item = this.readValue();
        if (!item) return undefined;
        items.push(item);
        this.skipSpace(true);
        if (this.peek() === ',') this.advance();
        else if (this.peek() !== ']') return undefined;
      }
    }
    if (c === '{') {
      this.advance();
      const entries: TomlEntry[] = [];
      for (;;) {
        this.skipSpace(true);
        if (this.done) return undefined;
        if (this.peek() === '}') {
          this.advance();
          return { kind: 'table', entries, line };
        }
        const entryLine = this.line;
        const key = this.readKey();
        this.skipSpace(false);
        if (!key || this.peek() !== '=') return undefined;
        this.advance();
        const value = this.readValue();
        if (!value) return undefined;
        entries.push({ key, value, line: entryLine });
        this.skipSpace(true);
        if (this.peek() === ',') this.advance();
        else if (this.peek() !== '}') return undefined;
      }
    }
    let raw = '';
    while (!this.done && !',]}#\n\r'.includes(this.peek())) {
      raw += this.peek();
      this.advance();
    }
    raw = raw.trim();
    return raw ? { kind: 'other', raw, line } : undefined;
  }
}

/** Every table of a TOML text, in order, the root table first. */
export function readToml(text: string): TomlTable[] {
  const r = new Reader(text);
  const root: TomlTable = { path: [], arrayElement: false, line: 1, entries: [] };
  const tables: TomlTable[] = [root];
  let current = root;
  while (!r.done) {
    r.skipSpace(true);
    if (r.done) break;
    const line = r.line;
    if (r.peek() === '[') {
      const arrayElement = r.startsWith('[[');
      r.advance(arrayElement ? 2 : 1);
      const path = r.readKey();
      r.skipSpace(false);
      if (path && r.startsWith(arrayElement ? ']]' : ']')) {
        r.advance(arrayElement ? 2 : 1);
        current = { path, arrayElement, line, entries: [] };
        tables.push(current);
      }
      r.skipLine();
      continue;
    }
    const key = r.readKey();
    r.skipSpace(false);
    if (key && r.peek() === '=') {
      r.advance();
      const value = r.readValue();
      if (value) current.entries.push({ key, value, line });
    }
    // Whatever is left on the line (a comment, or something this reader does not understand).
    r.skipLine();
  }
  return tables;
}

/** The string value of `key` in an inline table or table entries, if it is a string. */
export function stringEntry(entries: TomlEntry[], key: string): string | undefined {
  const found = entries.find((e) => e.key.length === 1 && e.key[0] === key);
  return found?.value.kind === 'string' ? found.value.value : undefined;
}
