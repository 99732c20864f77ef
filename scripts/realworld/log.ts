// Per-package log files ($RW_CACHE/logs/<name>==<version>.log) and progress lines on stderr.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class Logger {
  constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
  }

  /** Starts a fresh log for this run. */
  reset(header: string): void {
    writeFileSync(this.file, `${header}\n`);
  }

  line(text: string): void {
    appendFileSync(this.file, `[${new Date().toISOString()}] ${text}\n`);
  }

  block(label: string, text: string): void {
    const max = 200_000;
    const body = text.length > max ? `${text.slice(0, max / 2)}\n… (${text.length - max} characters cut) …\n${text.slice(-max / 2)}` : text;
    appendFileSync(this.file, `--- ${label} ---\n${body.replace(/\n*$/, '\n')}--- end ${label} ---\n`);
  }
}

export function progress(text: string): void {
  process.stderr.write(`[realworld ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}
