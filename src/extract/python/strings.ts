// Decoding Python string literals from the concrete tree, without running anything.
import type { SyntaxNode } from '../../parse/python.js';

export interface StringPrefix {
  raw: boolean;
  bytes: boolean;
  format: boolean;
}

export function stringPrefix(node: SyntaxNode): StringPrefix {
  const start = node.children.find((c) => c.type === 'string_start')?.text ?? '"';
  const prefix = start.replace(/["']+$/, '').toLowerCase();
  return { raw: prefix.includes('r'), bytes: prefix.includes('b'), format: prefix.includes('f') };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

/** Decodes the escapes of a non-raw literal segment; undefined when an escape cannot be decoded statically. */
export function decodeEscapes(text: string): string | undefined {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return undefined;
    if (next === '\r' && text[i + 2] === '\n') {
      i += 2;
      continue;
    }
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i += 1;
      continue;
    }
    const hexLen = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLen) {
      const hex = text.slice(i + 2, i + 2 + hexLen);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) return undefined;
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + hexLen;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1));
    if (octal) {
      out += String.fromCodePoint(parseInt(octal[0], 8));
      i += octal[0].length;
      continue;
    }
    if (next === 'N') return undefined; // named unicode escapes need the unicode database
    // Unknown escapes keep the backslash, as Python does.
    out += '\\' + next;
    i += 1;
  }
  return out;
}

/**
 * The value of a plain (non-f) string node, or undefined when it is an f-string,
 * a bytes literal, or holds an escape we cannot decode.
 */
export function plainStringValue(node: SyntaxNode): string | undefined {
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const part of node.namedChildren) {
      const v = plainStringValue(part);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (node.type !== 'string') return undefined;
  const prefix = stringPrefix(node);
  if (prefix.bytes || prefix.format) return undefined;
  return stringSegments(node, prefix);
}

function stringSegments(node: SyntaxNode, prefix: StringPrefix): string | undefined {
  let out = '';
  for (const child of node.children) {
    if (child.type !== 'string_content') continue;
    const decoded = prefix.raw ? child.text : decodeEscapes(child.text);
    if (decoded === undefined) return undefined;
    out += decoded;
  }
  return out;
}

/**
 * Walks an f-string: literal segments are decoded, each interpolation is handed to `evaluate`.
 * Returns undefined as soon as one part is unknown.
 */
export function formatStringValue(node: SyntaxNode, evaluate: (expr: SyntaxNode) => string | undefined): string | undefined {
  const prefix = stringPrefix(node);
  if (prefix.bytes) return undefined;
  let out = '';
  for (const child of node.children) {
    if (child.type === 'string_content') {
      let text = child.text;
      if (prefix.format) text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      const decoded = prefix.raw ? text : decodeEscapes(text);
      if (decoded === undefined) return undefined;
      out += decoded;
    } else if (child.type === 'interpolation') {
      if (child.childForFieldName('format_specifier') || child.childForFieldName('type_conversion')) return undefined;
      const expr = child.childForFieldName('expression');
      if (!expr) return undefined;
      const value = evaluate(expr);
      if (value === undefined) return undefined;
      out += value;
    }
  }
  return out;
}
