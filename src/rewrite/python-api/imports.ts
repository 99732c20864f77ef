// Imports: find the imports of a module, move imported names to other modules, add import lines.
import { walk } from '../../extract/python/project.js';
import { lineStartOf, type Edit } from '../../extract/python/text.js';
import type { SyntaxNode } from '../../parse/python.js';
import { eolOf } from './edits.js';
import { listItemEdits } from './lists.js';

// ---------------------------------------------------------------------------------------------
// Imports

export interface ImportedNameSite {
  /** The list item: `dotted_name` or `aliased_import`. */
  node: SyntaxNode;
  /** The imported name's node (a `dotted_name`). */
  nameNode: SyntaxNode;
  name: string;
  alias?: string;
  /** The name bound in the importing module. */
  local: string;
}

export interface ImportSite {
  stmt: SyntaxNode;
  kind: 'from' | 'import';
  /** The module of a from-import (absolute imports only). */
  module: string;
  moduleNode?: SyntaxNode;
  /** Imported names (from-import) or imported modules (`import a.b as c`). */
  names: ImportedNameSite[];
  wildcard: boolean;
}

/** Every absolute import statement (anywhere in the file) whose module satisfies `matches`. */
export function findImports(root: SyntaxNode, matches: (module: string) => boolean): ImportSite[] {
  const out: ImportSite[] = [];
  for (const node of walk(root)) {
    if (node.type === 'import_from_statement') {
      const moduleNode = node.childForFieldName('module_name');
      if (!moduleNode || moduleNode.type !== 'dotted_name' || !matches(moduleNode.text)) continue;
      const names: ImportedNameSite[] = [];
      for (const child of node.childrenForFieldName('name')) {
        if (child.type === 'dotted_name') names.push({ node: child, nameNode: child, name: child.text, local: child.text });
        else if (child.type === 'aliased_import') {
          const nameNode = child.childForFieldName('name')!;
          const alias = child.childForFieldName('alias')?.text;
          names.push({ node: child, nameNode, name: nameNode.text, alias, local: alias ?? nameNode.text });
        }
      }
      out.push({ stmt: node, kind: 'from', module: moduleNode.text, moduleNode, names, wildcard: node.children.some((c) => c.type === 'wildcard_import') });
    } else if (node.type === 'import_statement') {
      const names: ImportedNameSite[] = [];
      for (const child of node.namedChildren) {
        const nameNode = child.type === 'aliased_import' ? child.childForFieldName('name')! : child;
        if (nameNode.type !== 'dotted_name' || !matches(nameNode.text)) continue;
        const alias = child.type === 'aliased_import' ? child.childForFieldName('alias')?.text : undefined;
        names.push({ node: child, nameNode, name: nameNode.text, alias, local: alias ?? nameNode.text.split('.')[0]! });
      }
      if (names.length) out.push({ stmt: node, kind: 'import', module: names[0]!.name, names, wildcard: false });
    }
  }
  return out;
}

/** Where an imported name goes. `name` renames it; `keepLocal` keeps the old local binding with `as`. */
export interface ImportTarget {
  module: string;
  name?: string;
  keepLocal?: boolean;
}

function renderImportedName(target: ImportTarget, site: ImportedNameSite): string {
  const name = target.name ?? site.name;
  if (site.alias) return `${name} as ${site.alias}`;
  if (target.keepLocal && name !== site.name) return `${name} as ${site.name}`;
  return name;
}

/**
 * Rewrites one from-import so that each name comes from its target module (names whose target
 * is undefined stay with the original module). The statement keeps the first name's module and
 * its layout (parentheses, comments); names bound for other modules leave the list and get
 * `from <module> import ...` statements of their own right after it. Duplicate names that a
 * rename produces are dropped.
 */
export function rewriteFromImport(text: string, site: ImportSite, targetOf: (name: ImportedNameSite) => ImportTarget | undefined): Edit[] {
  if (site.kind !== 'from' || !site.moduleNode || site.wildcard) return [];
  const targets = site.names.map((n) => targetOf(n) ?? { module: site.module });
  const primary = targets[0]!.module;
  const edits: Edit[] = [];
  if (primary !== site.module) edits.push({ start: site.moduleNode.startIndex, end: site.moduleNode.endIndex, text: primary });
  const remove = new Set<number>();
  const seen = new Set<string>();
  const extra = new Map<string, string[]>();
  site.names.forEach((n, i) => {
    const target = targets[i]!;
    const rendered = renderImportedName(target, n);
    const key = `${target.module}\u0000${rendered}`;
    if (seen.has(key)) {
      remove.add(i);
      return;
    }
    seen.add(key);
    if (target.module !== primary) {
      remove.add(i);
      const list = extra.get(target.module) ?? [];
      list.push(rendered);
      extra.set(target.module, list);
      return;
    }
    if (rendered !== n.node.text) edits.push({ start: n.node.startIndex, end: n.node.endIndex, text: rendered });
  });
  if (remove.size) edits.push(...listItemEdits(text, site.stmt, site.names.map((n) => n.node), remove));
  if (extra.size) {
    const lineStart = lineStartOf(text, site.stmt.startIndex);
    const startsLine = text.slice(lineStart, site.stmt.startIndex).trim() === '';
    const indent = text.slice(lineStart, site.stmt.startIndex);
    const lines = [...extra].map(([module, names]) => `from ${module} import ${names.join(', ')}`);
    const nl = eolOf(text);
    const insert = startsLine ? lines.map((l) => `${nl}${indent}${l}`).join('') : lines.map((l) => `; ${l}`).join('');
    edits.push({ start: site.stmt.endIndex, end: site.stmt.endIndex, text: insert });
  }
  return edits;
}


// ---------------------------------------------------------------------------------------------
// Imports to add

/** Is `name` imported at module level from `module` (`from module import name`)? */
export function importsName(root: SyntaxNode, module: string, name: string): boolean {
  for (const stmt of root.namedChildren) {
    if (stmt.type !== 'import_from_statement') continue;
    if (stmt.childForFieldName('module_name')?.text !== module) continue;
    for (const child of stmt.childrenForFieldName('name')) {
      const n = child.type === 'aliased_import' ? child.childForFieldName('name')?.text : child.text;
      const local = child.type === 'aliased_import' ? child.childForFieldName('alias')?.text : child.text;
      if (n === name && local === name) return true;
    }
  }
  return false;
}

/** The offset after which new module-level imports go: the end of the last top-level import, else after the docstring. */
export function importInsertionPoint(root: SyntaxNode): { index: number; atStart: boolean } {
  let last: SyntaxNode | undefined;
  for (const stmt of root.namedChildren) {
    if (stmt.type === 'import_statement' || stmt.type === 'import_from_statement' || stmt.type === 'future_import_statement') last = stmt;
  }
  if (last) return { index: last.endIndex, atStart: false };
  const first = root.namedChildren.find((c) => c.type !== 'comment');
  if (first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string') return { index: first.endIndex, atStart: false };
  return { index: 0, atStart: true };
}

/** Renders new import lines for insertion at `importInsertionPoint`. */
export function renderImports(point: { atStart: boolean }, lines: string[], nl = '\n'): string {
  if (!lines.length) return '';
  return point.atStart ? lines.map((l) => `${l}${nl}`).join('') : lines.map((l) => `${nl}${l}`).join('');
}
