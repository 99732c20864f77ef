// A small static evaluator for the Python expressions MCP servers use to describe themselves:
// literals, module constants, Enum members, f-strings over known values, comprehensions over
// literal data. Anything it cannot know becomes `Unknown`, carrying its source expression.
import type { SyntaxNode } from '../../parse/python.js';
import { collectBindings, importedNames, resolveImport, type PyModule, type PyProject } from './project.js';
import { formatStringValue, plainStringValue } from './strings.js';

export class Unknown {
  constructor(
    readonly node: SyntaxNode,
    readonly module: PyModule,
    readonly reason: string,
  ) {}
  get source(): string {
    return this.node.text;
  }
}

export class DictValue {
  constructor(readonly entries: Map<string, StaticValue>) {}
}

export class CallValue {
  constructor(
    /** The callee as written, e.g. `types.Tool`, `Tool`, `Model.model_json_schema`. */
    readonly callee: string,
    readonly args: StaticValue[],
    readonly kwargs: Map<string, StaticValue>,
    readonly node: SyntaxNode,
    readonly scope: Scope,
    /** What the callee resolved to, when it names a class of the project (e.g. a pydantic model). */
    readonly target?: ClassValue,
  ) {}
  /** The last dotted part of the callee: `types.Tool` → `Tool`. */
  get simpleName(): string {
    return this.callee.split('.').pop() ?? this.callee;
  }
  /** A keyword argument by its camelCase name (SDK v2's snake_case spelling is found too). */
  kwarg(name: string, position?: number): StaticValue | undefined {
    if (this.kwargs.has(name)) return this.kwargs.get(name);
    const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (this.kwargs.has(snake)) return this.kwargs.get(snake);
    if (position !== undefined && position < this.args.length) return this.args[position];
    return undefined;
  }
}

export class ClassValue {
  constructor(
    readonly node: SyntaxNode,
    readonly module: PyModule,
  ) {}
  get name(): string {
    return this.node.childForFieldName('name')?.text ?? '';
  }
  get bases(): string[] {
    const sup = this.node.childForFieldName('superclasses');
    return sup ? sup.namedChildren.map((c) => c.text) : [];
  }
  get isEnum(): boolean {
    return this.bases.some((b) => /(^|\.)(Enum|StrEnum|IntEnum)$/.test(b));
  }
}

export type StaticValue = string | number | boolean | null | StaticValue[] | DictValue | CallValue | ClassValue | Unknown;

export interface Scope {
  module: PyModule;
  /** Values bound directly (comprehension variables). */
  values?: Map<string, StaticValue>;
  /** Statements binding names in this block. */
  bindings?: Map<string, SyntaxNode[]>;
  parent?: Scope;
}

export function moduleScope(module: PyModule): Scope {
  return { module, bindings: module.bindings };
}

/** A function body's own bindings, chained to its enclosing scope. */
export function functionScope(fn: SyntaxNode, parent: Scope): Scope {
  const body = fn.childForFieldName('body');
  return { module: parent.module, bindings: body ? collectBindings(body) : new Map(), parent };
}

export const isKnown = (v: StaticValue | undefined): boolean => {
  if (v === undefined || v instanceof Unknown) return false;
  if (Array.isArray(v)) return v.every(isKnown);
  if (v instanceof DictValue) return [...v.entries.values()].every(isKnown);
  return true;
};

export class StaticEvaluator {
  private depth = 0;
  constructor(readonly project: PyProject) {}

  evaluate(node: SyntaxNode, scope: Scope): StaticValue {
    if (this.depth > 64) return new Unknown(node, scope.module, 'too deep');
    this.depth++;
    try {
      return this.evaluateNode(node, scope);
    } finally {
      this.depth--;
    }
  }

  private unknown(node: SyntaxNode, scope: Scope, reason: string): Unknown {
    return new Unknown(node, scope.module, reason);
  }

  private evaluateNode(node: SyntaxNode, scope: Scope): StaticValue {
    switch (node.type) {
      case 'string':
      case 'concatenated_string':
        return this.evaluateString(node, scope);
      case 'integer': {
        const text = node.text.replace(/_/g, '').toLowerCase();
        const n = text.startsWith('0x') ? parseInt(text, 16) : text.startsWith('0o') ? parseInt(text.slice(2), 8) : text.startsWith('0b') ? parseInt(text.slice(2), 2) : Number(text);
        return Number.isFinite(n) ? n : this.unknown(node, scope, 'number');
      }
      case 'float': {
        const n = Number(node.text.replace(/_/g, ''));
        return Number.isFinite(n) ? n : this.unknown(node, scope, 'number');
      }
      case 'true':
        return true;
      case 'false':
        return false;
      case 'none':
        return null;
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c.type !== 'comment');
        return inner ? this.evaluate(inner, scope) : this.unknown(node, scope, 'empty');
      }
      case 'unary_operator': {
        const arg = node.childForFieldName('argument');
        const op = node.childForFieldName('operator')?.text;
        const v = arg ? this.evaluate(arg, scope) : undefined;
        if (typeof v === 'number' && op === '-') return -v;
        if (typeof v === 'number' && op === '+') return v;
        return this.unknown(node, scope, 'operator');
      }
      case 'list':
      case 'tuple':
        return this.evaluateSequence(node, scope);
      case 'dictionary':
        return this.evaluateDict(node, scope);
      case 'identifier':
        return this.lookup(node.text, node, scope);
      case 'attribute':
        return this.evaluateAttribute(node, scope);
      case 'subscript':
        return this.evaluateSubscript(node, scope);
      case 'call':
        return this.evaluateCall(node, scope);
      case 'binary_operator':
        return this.evaluateBinary(node, scope);
      case 'list_comprehension':
        return this.evaluateComprehension(node, scope);
      default:
        return this.unknown(node, scope, node.type);
    }
  }

  private evaluateString(node: SyntaxNode, scope: Scope): StaticValue {
    const plain = plainStringValue(node);
    if (plain !== undefined) return plain;
    const parts = node.type === 'concatenated_string' ? node.namedChildren : [node];
    let out = '';
    for (const part of parts) {
      const v = formatStringValue(part, (expr) => {
        const value = this.evaluate(expr, scope);
        return toPythonStr(value);
      });
      if (v === undefined) return this.unknown(node, scope, 'string with runtime parts');
      out += v;
    }
    return out;
  }

  private evaluateSequence(node: SyntaxNode, scope: Scope): StaticValue {
    const out: StaticValue[] = [];
    for (const child of node.namedChildren) {
      if (child.type === 'comment') continue;
      if (child.type === 'list_splat') {
        const inner = child.namedChild(0);
        const v = inner ? this.evaluate(inner, scope) : undefined;
        if (!Array.isArray(v)) return this.unknown(node, scope, 'splat');
        out.push(...v);
        continue;
      }
      out.push(this.evaluate(child, scope));
    }
    return out;
  }

  private evaluateDict(node: SyntaxNode, scope: Scope): StaticValue {
    const entries = new Map<string, StaticValue>();
    for (const child of node.namedChildren) {
      if (child.type === 'comment') continue;
      if (child.type === 'pair') {
        const keyNode = child.childForFieldName('key');
        const valueNode = child.childForFieldName('value');
        const key = keyNode ? this.evaluate(keyNode, scope) : undefined;
        if (typeof key !== 'string' && typeof key !== 'number') return this.unknown(node, scope, 'dict key');
        entries.set(String(key), valueNode ? this.evaluate(valueNode, scope) : this.unknown(child, scope, 'value'));
      } else if (child.type === 'dictionary_splat') {
        const inner = child.namedChild(0);
        const v = inner ? this.evaluate(inner, scope) : undefined;
        if (!(v instanceof DictValue)) return this.unknown(node, scope, 'dict splat');
        for (const [k, val] of v.entries) entries.set(k, val);
      } else return this.unknown(node, scope, child.type);
    }
    return new DictValue(entries);
  }

  lookup(name: string, node: SyntaxNode, scope: Scope): StaticValue {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.values?.has(name)) return s.values.get(name)!;
      const bound = s.bindings?.get(name);
      if (bound && bound.length) {
        if (bound.length > 1) return this.unknown(node, scope, `${name} is bound more than once`);
        return this.evaluateBinding(name, bound[0], s, node, scope);
      }
    }
    return this.unknown(node, scope, `${name} is not known statically`);
  }

  /** Bindings being evaluated (module path + offset): an import cycle (`from a import x` in a, re-exported by b) is unknown, not endless. */
  private readonly active = new Set<string>();

  private evaluateBinding(name: string, stmt: SyntaxNode, bindingScope: Scope, use: SyntaxNode, useScope: Scope): StaticValue {
    const key = `${bindingScope.module.path}\u0000${stmt.startIndex}\u0000${name}`;
    if (this.active.has(key)) return this.unknown(use, useScope, `${name} refers back to itself (import cycle)`);
    this.active.add(key);
    try {
      return this.evaluateBindingOnce(name, stmt, bindingScope, use, useScope);
    } finally {
      this.active.delete(key);
    }
  }

  private evaluateBindingOnce(name: string, stmt: SyntaxNode, bindingScope: Scope, use: SyntaxNode, useScope: Scope): StaticValue {
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type === 'class_definition') return new ClassValue(def, bindingScope.module);
    if (stmt.type === 'assignment') {
      const right = stmt.childForFieldName('right');
      if (!right) return this.unknown(use, useScope, 'annotation only');
      // Evaluate in the scope that binds the name, so the value sees its own neighbours.
      const v = this.evaluate(right, bindingScope);
      return v;
    }
    if (stmt.type === 'import_from_statement') {
      const imp = importedNames(stmt).find((i) => i.local === name);
      if (!imp || !imp.imported) return this.unknown(use, useScope, 'import');
      const target = resolveImport(this.project, bindingScope.module, imp);
      if (!target) return this.unknown(use, useScope, `${imp.module} is not part of the project`);
      return this.lookup(imp.imported, use, moduleScope(target));
    }
    return this.unknown(use, useScope, `${name} is a ${def?.type ?? stmt.type}`);
  }

  private evaluateAttribute(node: SyntaxNode, scope: Scope): StaticValue {
    const objNode = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text ?? '';
    if (!objNode) return this.unknown(node, scope, 'attribute');
    // `module.NAME` where `module` is an imported project module.
    if (objNode.type === 'identifier') {
      const target = this.importedModule(objNode.text, scope);
      if (target) return this.lookup(attr, node, moduleScope(target));
    }
    const obj = this.evaluate(objNode, scope);
    if (obj instanceof ClassValue && obj.isEnum) {
      const member = enumMember(obj, attr);
      if (member) return this.evaluate(member, { module: obj.module, bindings: obj.module.bindings });
    }
    // `Enum.MEMBER.value` — members of str/int enums already evaluate to their value.
    if ((attr === 'value' || attr === 'name') && objNode.type === 'attribute') {
      const cls = this.evaluate(objNode.childForFieldName('object')!, scope);
      const memberName = objNode.childForFieldName('attribute')?.text ?? '';
      if (cls instanceof ClassValue && cls.isEnum) {
        if (attr === 'name') return memberName;
        return obj;
      }
    }
    return this.unknown(node, scope, 'attribute');
  }

  private importedModule(local: string, scope: Scope): PyModule | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const bound = s.bindings?.get(local);
      if (!bound) continue;
      const stmt = bound[0];
      if (stmt.type !== 'import_statement' && stmt.type !== 'import_from_statement') return undefined;
      const imp = importedNames(stmt).find((i) => i.local === local);
      if (!imp) return undefined;
      if (stmt.type === 'import_statement') return this.project.byModuleName.get(imp.module);
      // `from pkg import module`
      const base = resolveImport(this.project, s.module, { ...imp, module: imp.module ? `${imp.module}.${imp.imported}` : imp.imported ?? '' });
      return base;
    }
    return undefined;
  }

  private evaluateSubscript(node: SyntaxNode, scope: Scope): StaticValue {
    const valueNode = node.childForFieldName('value');
    const indexNode = node.childForFieldName('subscript');
    if (!valueNode || !indexNode) return this.unknown(node, scope, 'subscript');
    const value = this.evaluate(valueNode, scope);
    const index = this.evaluate(indexNode, scope);
    if (value instanceof DictValue && (typeof index === 'string' || typeof index === 'number')) {
      return value.entries.has(String(index)) ? value.entries.get(String(index))! : this.unknown(node, scope, 'missing key');
    }
    if (Array.isArray(value) && typeof index === 'number') {
      const v = value[index < 0 ? value.length + index : index];
      return v === undefined ? this.unknown(node, scope, 'index') : v;
    }
    return this.unknown(node, scope, 'subscript');
  }

  private evaluateCall(node: SyntaxNode, scope: Scope): StaticValue {
    const fn = node.childForFieldName('function');
    const argList = node.childForFieldName('arguments');
    if (!fn || !argList) return this.unknown(node, scope, 'call');
    const args: StaticValue[] = [];
    const kwargs = new Map<string, StaticValue>();
    for (const a of argList.namedChildren) {
      if (a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name')?.text ?? '';
        const value = a.childForFieldName('value');
        kwargs.set(name, value ? this.evaluate(value, scope) : this.unknown(a, scope, 'kwarg'));
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
        return this.unknown(node, scope, 'splat call');
      } else args.push(this.evaluate(a, scope));
    }
    // A few pure builtins and str/dict methods that descriptions are built with.
    if (fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text;
      const receiverNode = fn.childForFieldName('object')!;
      const receiver = ['join', 'upper', 'lower', 'strip', 'title', 'keys', 'values', 'items', 'format', 'capitalize'].includes(method ?? '')
        ? this.evaluate(receiverNode, scope)
        : undefined;
      if (typeof receiver === 'string') {
        if (method === 'join' && Array.isArray(args[0]) && args[0].every((x) => typeof x === 'string')) return (args[0] as string[]).join(receiver);
        if (method === 'upper') return receiver.toUpperCase();
        if (method === 'lower') return receiver.toLowerCase();
        if (method === 'strip' && args.length === 0) return receiver.trim();
      }
      if (receiver instanceof DictValue) {
        if (method === 'keys') return [...receiver.entries.keys()];
        if (method === 'values') return [...receiver.entries.values()];
        if (method === 'items') return [...receiver.entries.entries()].map(([k, v]) => [k, v]);
      }
    }
    if (fn.type === 'identifier' && fn.text === 'str' && args.length === 1) {
      const s = toPythonStr(args[0]);
      if (s !== undefined) return s;
    }
    if (fn.type === 'identifier' && (fn.text === 'list' || fn.text === 'tuple' || fn.text === 'sorted') && args.length === 1) {
      const items = Array.isArray(args[0]) ? args[0] : args[0] instanceof DictValue ? [...args[0].entries.keys()] : undefined;
      if (items && (fn.text !== 'sorted' || items.every((x) => typeof x === 'string'))) return fn.text === 'sorted' ? [...(items as string[])].sort() : items;
    }
    if (fn.type === 'identifier' && fn.text === 'dict' && args.length === 0) return new DictValue(new Map(kwargs));
    let target: ClassValue | undefined;
    const calleeValue = fn.type === 'identifier' || fn.type === 'attribute' ? this.evaluate(fn, scope) : undefined;
    if (calleeValue instanceof ClassValue) target = calleeValue;
    if (fn.type === 'attribute') {
      const owner = this.evaluate(fn.childForFieldName('object')!, scope);
      if (owner instanceof ClassValue) target = owner;
    }
    return new CallValue(fn.text, args, kwargs, node, scope, target);
  }

  private evaluateBinary(node: SyntaxNode, scope: Scope): StaticValue {
    const op = node.childForFieldName('operator')?.text;
    const l = this.evaluate(node.childForFieldName('left')!, scope);
    const r = this.evaluate(node.childForFieldName('right')!, scope);
    if (op === '+') {
      if (typeof l === 'string' && typeof r === 'string') return l + r;
      if (typeof l === 'number' && typeof r === 'number') return l + r;
      if (Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
    }
    return this.unknown(node, scope, 'operator');
  }

  private evaluateComprehension(node: SyntaxNode, scope: Scope): StaticValue {
    const body = node.childForFieldName('body');
    const clauses = node.namedChildren.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    if (!body) return this.unknown(node, scope, 'comprehension');
    const results: StaticValue[] = [];
    const run = (i: number, s: Scope): boolean => {
      if (i === clauses.length) {
        results.push(this.evaluate(body, s));
        return true;
      }
      const clause = clauses[i];
      if (clause.type === 'if_clause') {
        const cond = this.evaluate(clause.namedChild(0)!, s);
        if (cond instanceof Unknown || cond instanceof CallValue) return false;
        return truthy(cond) ? run(i + 1, s) : true;
      }
      const left = clause.childForFieldName('left');
      const right = clause.childForFieldName('right');
      if (!left || !right) return false;
      const iterable = this.evaluate(right, s);
      const items = Array.isArray(iterable) ? iterable : iterable instanceof DictValue ? [...iterable.entries.keys()] : undefined;
      if (!items) return false;
      for (const item of items) {
        const values = new Map<string, StaticValue>();
        if (!bindTarget(left, item, values)) return false;
        if (!run(i + 1, { module: s.module, values, parent: s })) return false;
      }
      return true;
    };
    return run(0, scope) ? results : this.unknown(node, scope, 'comprehension over runtime data');
  }
}

function bindTarget(target: SyntaxNode, value: StaticValue, out: Map<string, StaticValue>): boolean {
  if (target.type === 'identifier') {
    out.set(target.text, value);
    return true;
  }
  if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'tuple') {
    const names = target.namedChildren;
    if (!Array.isArray(value) || value.length !== names.length) return false;
    return names.every((n, i) => bindTarget(n, value[i], out));
  }
  return false;
}

function truthy(v: StaticValue): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof DictValue) return v.entries.size > 0;
  return Boolean(v);
}

/** Python's str() of a known value, for f-string interpolation. */
export function toPythonStr(v: StaticValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  return undefined;
}

/** The value node of `MEMBER = value` in an Enum class body. */
export function enumMember(cls: ClassValue, member: string): SyntaxNode | undefined {
  const body = cls.node.childForFieldName('body');
  for (const stmt of body?.namedChildren ?? []) {
    const expr = stmt.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
    if (expr?.type !== 'assignment') continue;
    if (expr.childForFieldName('left')?.text === member) return expr.childForFieldName('right') ?? undefined;
  }
  return undefined;
}
