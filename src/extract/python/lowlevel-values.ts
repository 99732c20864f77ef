// Reading one field of a listed tool/resource/prompt (`Tool(name=..., description=...)`) into the
// model: a literal, or the original expression kept for run time; and the generated function names.
import type { Value } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';
import type { LowlevelContext } from './lowlevel-context.js';
import { walk } from './project.js';
import { REVIEW_CODES as C, reviewAt } from './review.js';
import { RuntimeListNeeded, shortSource, unknownIsPortable } from './runtime-lists.js';
import { toValue } from './schema.js';
import { CallValue, Unknown, type StaticValue } from './static-eval.js';

/**
 * A listed item's field as the model carries it (a literal, or the kept source expression, reported).
 * Throws RuntimeListNeeded when the expression only has a value inside the original code.
 */
export function fieldValue(cx: LowlevelContext, v: StaticValue | undefined, node: SyntaxNode, what: string): Value | undefined {
  if ((v instanceof Unknown || v instanceof CallValue) && !unknownIsPortable(v.node, cx.factory ? [cx.factory] : [])) {
    // `t.name` in `[Tool(name=t.name) for t in REGISTRY]` means nothing outside the original code.
    throw new RuntimeListNeeded(`${what} \`${shortSource(v.node)}\` only has a value inside the original code`, v.node);
  }
  if (v instanceof Unknown && v.module !== cx.module) {
    // A runtime value defined in another module: import the names it uses.
    importFreeNames(cx, v);
  }
  const value = toValue(v);
  if (value?.kind === 'expr') {
    cx.review.push(reviewAt(C.runtimeValue, 'info', cx.file, node, `${what} is computed at runtime; the migrated code keeps the expression \`${value.source}\``, 'Nothing to do unless the expression depends on request state.'));
  }
  return value;
}

function importFreeNames(cx: LowlevelContext, v: Unknown): void {
  for (const n of walk(v.node)) {
    if (n.type !== 'identifier' || (n.parent?.type === 'attribute' && n.parent.childForFieldName('attribute')?.id === n.id)) continue;
    if (v.module.bindings.has(n.text)) cx.layout.extraImports.push({ module: v.module.moduleName, name: n.text });
  }
}

/** A Python function name for a generated tool/resource/prompt, unique in the module. */
export function newFunctionName(cx: LowlevelContext, base: string, fallback: string): string {
  let name = base.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase() || fallback;
  if (/^[0-9]/.test(name) || PY_KEYWORDS.has(name)) name = `${fallback}_${name}`;
  const taken = (n: string) => cx.usedFunctionNames.has(n) || cx.module.bindings.has(n);
  let candidate = name;
  for (let i = 2; taken(candidate); i++) candidate = `${name}_${i}`;
  cx.usedFunctionNames.add(candidate);
  return candidate;
}

/** The string a value holds when it is a string literal. */
export function staticString(v: Value | undefined): string | undefined {
  return v?.kind === 'literal' && typeof v.value === 'string' ? v.value : undefined;
}

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type'.split(
    ' ',
  ),
);
