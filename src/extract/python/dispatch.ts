// Splitting a low-level dispatcher (`call_tool(name, arguments)`, `read_resource(uri)`,
// `get_prompt(name, arguments)`) into one body per key. The split is a text splice: the
// dispatch statement is replaced by one branch, so any prologue, try/except wrapper or
// shared epilogue around it is carried into every per-key body unchanged.
import type { SyntaxNode } from '../../parse/python.js';
import { parsePython } from '../../parse/python.js';
import { walk } from './project.js';
import { DictValue, StaticEvaluator, Unknown, type Scope } from './static-eval.js';
import { blockSource, dropLeadingDocstring, indentAt, lineStartOf, reindent } from './text.js';

export interface DispatchSplit {
  /** Dispatch key (tool name, URI, prompt name) → function body source, dedented to column 0. */
  bodies: Map<string, string>;
  /** The statement that was split, for reporting. */
  statement: SyntaxNode;
}

/** Names that hold the dispatch key: the parameter itself and simple aliases (`uri_str = str(uri)`). */
export function keyAliases(fn: SyntaxNode, param: string): Set<string> {
  const names = new Set([param]);
  const body = fn.childForFieldName('body');
  for (const stmt of body?.namedChildren ?? []) {
    const expr = stmt.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
    if (expr?.type !== 'assignment') continue;
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    if (isKeyExpression(right, names)) names.add(left.text);
  }
  return names;
}

/** `name`, `str(name)`, `name.value`, `str(uri)`: an expression that reads the dispatch key. */
function isKeyExpression(node: SyntaxNode, names: Set<string>): boolean {
  // `name` (v1 parameter) or `params.name` (v2 request attribute).
  if (node.type === 'identifier' || node.type === 'attribute') return names.has(node.text);
  if (node.type === 'call' && node.childForFieldName('function')?.text === 'str') {
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    return args.length === 1 && isKeyExpression(args[0], names);
  }
  if (node.type === 'parenthesized_expression' && node.namedChild(0)) return isKeyExpression(node.namedChild(0)!, names);
  return false;
}

export class DispatchSplitter {
  constructor(
    private readonly evaluator: StaticEvaluator,
    private readonly text: string,
  ) {}

  /** Keys a condition selects (`name == "a"`, `name in ("a", "b")`, `... or ...`), or undefined. */
  private conditionKeys(cond: SyntaxNode, names: Set<string>, scope: Scope): string[] | undefined {
    if (cond.type === 'parenthesized_expression' && cond.namedChild(0)) return this.conditionKeys(cond.namedChild(0)!, names, scope);
    if (cond.type === 'boolean_operator' && cond.childForFieldName('operator')?.text === 'or') {
      const l = this.conditionKeys(cond.childForFieldName('left')!, names, scope);
      const r = this.conditionKeys(cond.childForFieldName('right')!, names, scope);
      return l && r ? [...l, ...r] : undefined;
    }
    if (cond.type !== 'comparison_operator') return undefined;
    const operands = cond.namedChildren;
    const ops = cond.children.filter((c) => !c.isNamed).map((c) => c.text);
    if (operands.length !== 2 || ops.length !== 1) return undefined;
    const [a, b] = operands;
    const [keySide, valueSide] = isKeyExpression(a, names) ? [a, b] : isKeyExpression(b, names) ? [b, a] : [undefined, undefined];
    if (!keySide || !valueSide) return undefined;
    if (ops[0] === '==') {
      const v = this.staticKey(valueSide, scope);
      return v === undefined ? undefined : [v];
    }
    if (ops[0] === 'in' && keySide === a) {
      const v = this.evaluator.evaluate(valueSide, scope);
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
      if (v instanceof DictValue) return [...v.entries.keys()];
    }
    return undefined;
  }

  private staticKey(node: SyntaxNode, scope: Scope): string | undefined {
    // `AnyUrl("file:///x")` compares like its string.
    if (node.type === 'call' && /(^|\.)(AnyUrl|FileUrl|str)$/.test(node.childForFieldName('function')?.text ?? '')) {
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      if (args.length === 1) return this.staticKey(args[0], scope);
    }
    const v = this.evaluator.evaluate(node, scope);
    return typeof v === 'string' ? v : undefined;
  }

  private patternKeys(pattern: SyntaxNode, scope: Scope): string[] | undefined {
    const inner = pattern.type === 'case_pattern' ? pattern.namedChildren : [pattern];
    if (inner.length !== 1) return undefined;
    const p = inner[0];
    if (p.type === 'union_pattern') {
      const keys: string[] = [];
      for (const alt of p.namedChildren) {
        const k = this.patternKeys(alt, scope);
        if (!k) return undefined;
        keys.push(...k);
      }
      return keys;
    }
    if (p.type === 'string' || p.type === 'concatenated_string') {
      const v = this.evaluator.evaluate(p, scope);
      return typeof v === 'string' ? [v] : undefined;
    }
    if (p.type === 'dotted_name') {
      // Parse `A.B.value` as an expression to evaluate it like one.
      const expr = parsePython(p.text).rootNode.namedChild(0)?.namedChild(0);
      if (!expr) return undefined;
      const v = this.evaluator.evaluate(expr, { ...scope, parent: scope });
      return typeof v === 'string' ? [v] : undefined;
    }
    return undefined;
  }

  /** Finds the dispatch statement in `fn` and returns one body per key. */
  split(fn: SyntaxNode, param: string, scope: Scope): DispatchSplit | undefined {
    const split = this.splitBodies(fn, param, scope);
    if (split) for (const [k, v] of split.bodies) split.bodies.set(k, dropLeadingDocstring(v));
    return split;
  }

  private splitBodies(fn: SyntaxNode, param: string, scope: Scope): DispatchSplit | undefined {
    const body = fn.childForFieldName('body');
    if (!body) return undefined;
    const names = keyAliases(fn, param);
    for (const node of walk(body)) {
      if (node.type === 'function_definition' || node.type === 'class_definition') continue;
      const branches = this.branchesOf(node, names, scope);
      const onlyKey = !branches?.length && node.parent?.id === body.id ? this.exclusionGuardKey(node, names, scope) : undefined;
      if (onlyKey !== undefined) {
        // A lone `if name != "x": raise` guard: everything but the guard is x's body.
        const bodyOffset = lineStartOf(this.text, body.startIndex);
        const bodyText = this.text.slice(bodyOffset, body.endIndex);
        const after = nextStatement(node);
        const rest = bodyText.slice(0, lineStartOf(this.text, node.startIndex) - bodyOffset) + (after ? bodyText.slice(lineStartOf(this.text, after.startIndex) - bodyOffset) : '');
        return { bodies: new Map([[onlyKey, reindent(rest, 0)]]), statement: node };
      }
      if (!branches || branches.length === 0) continue;
      if (!insideOnlySimpleBlocks(node, body)) continue;
      // Guard-clause style: consecutive `if name == X: ...` statements form one dispatch.
      let last = node;
      if (node.type === 'if_statement') {
        for (let next = nextStatement(last); next && !hasElse(last); next = nextStatement(last)) {
          const more = next.type === 'if_statement' ? this.branchesOf(next, names, scope) : undefined;
          if (!more || more.length === 0) break;
          branches.push(...more);
          last = next;
        }
      }
      const bodies = new Map<string, string>();
      const bodyText = this.text.slice(lineStartOf(this.text, body.startIndex), body.endIndex);
      const bodyOffset = lineStartOf(this.text, body.startIndex);
      const stmtStart = lineStartOf(this.text, node.startIndex);
      const indent = indentAt(this.text, node.startIndex);
      // Statements after the dispatch in its block are unreachable from a branch that returns or raises.
      const blockEnd = lastStatement(node.parent!)?.endIndex ?? last.endIndex;
      for (const { keys, block, headerRow } of branches) {
        const replacement = reindent(blockSource(this.text, block, headerRow), indent);
        const resumeAt = alwaysExits(block) ? blockEnd : last.endIndex;
        const spliced = bodyText.slice(0, stmtStart - bodyOffset) + replacement + bodyText.slice(resumeAt - bodyOffset);
        const dedented = reindent(spliced, 0);
        for (const key of keys) if (!bodies.has(key)) bodies.set(key, dedented);
      }
      // `if name != "x": raise ...` after the branches: the rest of the block is x's branch.
      const guard = nextStatement(last);
      const guardKey = guard && !hasElse(last) ? this.exclusionGuardKey(guard, names, scope) : undefined;
      if (guard && guardKey !== undefined && !bodies.has(guardKey)) {
        const rest = bodyText.slice(0, stmtStart - bodyOffset) + bodyText.slice(lineStartOf(this.text, nextStatement(guard)?.startIndex ?? guard.endIndex) - bodyOffset);
        bodies.set(guardKey, reindent(rest, 0));
      }
      return { bodies, statement: node };
    }
    return undefined;
  }

  /** The key of `if name != "x": <return/raise>`, a guard that lets only x through. */
  private exclusionGuardKey(node: SyntaxNode, names: Set<string>, scope: Scope): string | undefined {
    if (node.type !== 'if_statement' || node.childrenForFieldName('alternative').length) return undefined;
    const cond = node.childForFieldName('condition');
    const block = node.childForFieldName('consequence');
    if (cond?.type !== 'comparison_operator' || !block || !alwaysExits(block)) return undefined;
    const ops = cond.children.filter((c) => !c.isNamed).map((c) => c.text);
    const [a, b] = cond.namedChildren;
    if (ops.length !== 1 || ops[0] !== '!=' || !a || !b) return undefined;
    const valueSide = isKeyExpression(a, names) ? b : isKeyExpression(b, names) ? a : undefined;
    return valueSide ? this.staticKey(valueSide, scope) : undefined;
  }

  /** A default branch (`else:` / `case _:`) whose only statement dispatches on the key again. */
  private nestedBranches(block: SyntaxNode, names: Set<string>, scope: Scope): { keys: string[]; block: SyntaxNode; headerRow: number }[] | undefined {
    const inner = onlyStatement(block);
    if (!inner || (inner.type !== 'if_statement' && inner.type !== 'match_statement')) return undefined;
    const branches = this.branchesOf(inner, names, scope);
    return branches?.length ? branches : undefined;
  }

  private branchesOf(node: SyntaxNode, names: Set<string>, scope: Scope): { keys: string[]; block: SyntaxNode; headerRow: number }[] | undefined {
    if (node.type === 'if_statement') {
      const out: { keys: string[]; block: SyntaxNode; headerRow: number }[] = [];
      const clauses: SyntaxNode[] = [node, ...node.childrenForFieldName('alternative').filter((c) => c.type === 'elif_clause')];
      for (const clause of clauses) {
        const cond = clause.childForFieldName('condition');
        const block = clause.childForFieldName('consequence');
        if (!cond || !block) return undefined;
        const keys = this.conditionKeys(cond, names, scope);
        if (!keys) return undefined;
        out.push({ keys, block, headerRow: clause.startPosition.row });
      }
      const elseBlock = node.childrenForFieldName('alternative').find((c) => c.type === 'else_clause')?.childForFieldName('body');
      if (elseBlock) out.push(...(this.nestedBranches(elseBlock, names, scope) ?? []));
      return out;
    }
    if (node.type === 'match_statement') {
      const subject = node.childForFieldName('subject');
      if (!subject || !isKeyExpression(subject, names)) return undefined;
      const out: { keys: string[]; block: SyntaxNode; headerRow: number }[] = [];
      const block = node.childForFieldName('body');
      for (const clause of block?.namedChildren ?? []) {
        if (clause.type !== 'case_clause') continue;
        const patterns = clause.namedChildren.filter((c) => c.type === 'case_pattern');
        const consequence = clause.childForFieldName('consequence');
        if (!consequence) return undefined;
        if (patterns.length === 1 && patterns[0].text === '_') {
          // `case _:` holding a further dispatch on the key (`if name == X: ...`): its branches count too.
          out.push(...(this.nestedBranches(consequence, names, scope) ?? []));
          continue;
        }
        if (clause.childForFieldName('guard')) return undefined;
        const keys: string[] = [];
        for (const p of patterns) {
          const k = this.patternKeys(p, scope);
          if (!k) return undefined;
          keys.push(...k);
        }
        out.push({ keys, block: consequence, headerRow: clause.startPosition.row });
      }
      return out;
    }
    return undefined;
  }
}

function onlyStatement(block: SyntaxNode): SyntaxNode | undefined {
  const stmts = block.namedChildren.filter((c) => c.type !== 'comment');
  return stmts.length === 1 ? stmts[0] : undefined;
}

function lastStatement(block: SyntaxNode): SyntaxNode | undefined {
  const stmts = block.namedChildren.filter((c) => c.type !== 'comment');
  return stmts[stmts.length - 1];
}

/** The block ends in `return` or `raise`, so control never falls out of it. */
function alwaysExits(block: SyntaxNode): boolean {
  const last = lastStatement(block);
  return last?.type === 'return_statement' || last?.type === 'raise_statement';
}

function nextStatement(node: SyntaxNode): SyntaxNode | undefined {
  let n = node.nextNamedSibling;
  while (n && n.type === 'comment') n = n.nextNamedSibling;
  return n ?? undefined;
}

function hasElse(node: SyntaxNode): boolean {
  return node.childrenForFieldName('alternative').some((c) => c.type === 'else_clause');
}

/** The dispatch must sit in plain blocks (function body, try, with), not inside a loop. */
function insideOnlySimpleBlocks(node: SyntaxNode, body: SyntaxNode): boolean {
  for (let p = node.parent; p && p.id !== body.id; p = p.parent) {
    if (['for_statement', 'while_statement', 'function_definition', 'lambda'].includes(p.type)) return false;
  }
  return true;
}

export { Unknown };
