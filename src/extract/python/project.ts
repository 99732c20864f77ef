// A statically-read Python project: parsed files, their top-level names and imports.
// Nothing of the user's code is imported or run.
import type { ProjectFile } from '../../core/types.js';
import { parsePython, syntaxProblems, type SyntaxNode, type Tree } from '../../parse/python.js';

export interface PyModule {
  path: string;
  /** Dotted module name relative to the project root (`pkg/mod.py` → `pkg.mod`). */
  moduleName: string;
  text: string;
  tree: Tree;
  /** Top-level bindings: name → the statements that bind it (assignment, def, class, import). */
  bindings: Map<string, SyntaxNode[]>;
}

export interface PyProject {
  modules: Map<string, PyModule>;
  byModuleName: Map<string, PyModule>;
  /** Files that did not parse: never extracted from, never rewritten. */
  broken: { path: string; line: number; column: number; message: string }[];
}

export function moduleNameOf(path: string): string {
  return path
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .join('.');
}

export function loadPythonProject(files: ProjectFile[]): PyProject {
  const project: PyProject = { modules: new Map(), byModuleName: new Map(), broken: [] };
  for (const file of files) {
    if (!file.path.endsWith('.py')) continue;
    const tree = parsePython(file.text);
    const problems = syntaxProblems(tree);
    if (problems.length) {
      project.broken.push({ path: file.path, ...problems[0] });
      continue;
    }
    const mod: PyModule = { path: file.path, moduleName: moduleNameOf(file.path), text: file.text, tree, bindings: collectBindings(tree.rootNode) };
    project.modules.set(file.path, mod);
    project.byModuleName.set(mod.moduleName, mod);
    // `src/pkg/mod.py` is also importable as `pkg.mod` when `src` is on the path.
    const parts = mod.moduleName.split('.');
    for (let i = 1; i < parts.length; i++) {
      const alias = parts.slice(i).join('.');
      if (!project.byModuleName.has(alias)) project.byModuleName.set(alias, mod);
    }
  }
  return project;
}

/** Names bound by the statements of a block (module or function body), in order. */
export function collectBindings(block: SyntaxNode): Map<string, SyntaxNode[]> {
  const bindings = new Map<string, SyntaxNode[]>();
  const bind = (name: string, node: SyntaxNode) => {
    const list = bindings.get(name) ?? [];
    list.push(node);
    bindings.set(name, list);
  };
  for (const stmt of block.namedChildren) {
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (!def) continue;
    if (def.type === 'function_definition' || def.type === 'class_definition') {
      const name = def.childForFieldName('name');
      if (name) bind(name.text, stmt);
    } else if (def.type === 'expression_statement') {
      const expr = def.namedChild(0);
      if (expr?.type === 'assignment') {
        const left = expr.childForFieldName('left');
        if (left?.type === 'identifier') bind(left.text, expr);
      }
    } else if (def.type === 'import_from_statement' || def.type === 'import_statement') {
      for (const { local } of importedNames(def)) bind(local, def);
    }
  }
  return bindings;
}

export interface ImportedName {
  /** Name bound in the importing module. */
  local: string;
  /** Imported name inside the module (undefined for `import x`). */
  imported?: string;
  module: string;
  /** Leading dots of a relative import. */
  level: number;
}

export function importedNames(stmt: SyntaxNode): ImportedName[] {
  const out: ImportedName[] = [];
  if (stmt.type === 'import_statement') {
    for (const child of stmt.namedChildren) {
      if (child.type === 'dotted_name') out.push({ local: child.text.split('.')[0], module: child.text, level: 0 });
      else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text ?? '';
        out.push({ local: child.childForFieldName('alias')?.text ?? name, module: name, level: 0 });
      }
    }
    return out;
  }
  const moduleNode = stmt.childForFieldName('module_name');
  let module = moduleNode?.text ?? '';
  let level = 0;
  if (moduleNode?.type === 'relative_import') {
    const dots = /^\.+/.exec(module)?.[0] ?? '';
    level = dots.length;
    module = module.slice(dots.length);
  }
  for (const child of stmt.childrenForFieldName('name')) {
    if (child.type === 'dotted_name') out.push({ local: child.text, imported: child.text, module, level });
    else if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name')?.text ?? '';
      out.push({ local: child.childForFieldName('alias')?.text ?? name, imported: name, module, level });
    }
  }
  return out;
}

/** The project module an import refers to, if it is one of ours. */
export function resolveImport(project: PyProject, from: PyModule, imp: ImportedName): PyModule | undefined {
  if (imp.level > 0) {
    const base = from.moduleName.split('.');
    const isPackage = from.path.endsWith('__init__.py');
    const keep = base.length - (isPackage ? imp.level - 1 : imp.level);
    const name = [...base.slice(0, Math.max(0, keep)), ...(imp.module ? imp.module.split('.') : [])].join('.');
    return project.byModuleName.get(name);
  }
  return project.byModuleName.get(imp.module);
}

export function lineOf(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

export function* walk(node: SyntaxNode): Generator<SyntaxNode> {
  yield node;
  for (const child of node.namedChildren) yield* walk(child);
}
