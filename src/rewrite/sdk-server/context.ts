// Context: members that changed between the SDK's Context and FastMCP 4's (log, elicit,
// read_resource, headers, ...), found through parameters annotated with the imported Context.
import { walk } from '../../extract/python/project.js';
import { REVIEW_CODES } from '../../extract/python/review.js';
import type { SyntaxNode } from '../../parse/python.js';
import * as api from '../python-api.js';
import type { ModuleState, Run } from './state.js';

export function contextRules(run: Run, states: Iterable<ModuleState>): void {
  for (const st of states) {
    const ctxTypes = new Set([...st.roles].filter(([, r]) => r === 'context').map(([l]) => l));
    if (!ctxTypes.size) continue;
    for (const fn of walk(st.mod.tree.rootNode)) {
      if (fn.type !== 'function_definition') continue;
      const ctxNames = api.parametersOf(fn).filter((p) => api.annotationNames(p.annotation, ctxTypes)).map((p) => p.name);
      if (!ctxNames.length) continue;
      const body = fn.childForFieldName('body')!;
      for (const attr of api.attributeAccesses(body, new Set(ctxNames), new Set(Object.keys(run.rules.context)))) contextRule(run, st, attr);
    }
  }
}

function contextRule(run: Run, st: ModuleState, attr: SyntaxNode): void {
  const { rules } = run;
  const flag = run.flag.bind(run);
  const record = run.record.bind(run);
  const file = st.mod.path;
  const text = st.mod.text;
  const name = attr.childForFieldName('attribute')!;
  const receiver = attr.childForFieldName('object')!.text;
  const rule = rules.context[name.text]!;
  const call = api.callOfCallee(attr);
  const nonString = (n: SyntaxNode | undefined) => !!n && ['dictionary', 'list', 'tuple', 'set', 'integer', 'float', 'true', 'false', 'none', 'dictionary_comprehension', 'list_comprehension'].includes(n.type);
  switch (rule.kind) {
    case 'log': {
      if (!call) return;
      const args = api.callArgs(call);
      const pos = args.filter((a) => a.kind === 'positional');
      const hasMessageKw = args.some((a) => a.kind === 'keyword' && (a.name === 'message' || a.name === 'data'));
      const dataKw = args.find((a) => a.kind === 'keyword' && a.name === 'data');
      if (pos.length >= 2 || (pos.length === 1 && hasMessageKw)) {
        const plan: api.ArgPlan = { remove: [pos[0]!.node], add: [`level=${pos[0]!.value.text}`] };
        if (dataKw) plan.renameKeyword = new Map([[dataKw.node, 'message']]);
        st.edits.add(api.rewriteArgs(text, call, plan));
        record(file, call, 'context', true, `\`${receiver}.log(level, message)\` is \`${receiver}.log(message, level=...)\` in FastMCP 4`);
      } else if (dataKw) {
        st.edits.add(api.rewriteArgs(text, call, { renameKeyword: new Map([[dataKw.node, 'message']]) }));
        record(file, call, 'context', true, `\`${receiver}.log(data=...)\` is \`${receiver}.log(message=...)\` in FastMCP 4`);
      }
      const data = pos.length >= 2 ? pos[1]!.value : dataKw?.value;
      if (rule.dataIsAny && nonString(data)) {
        flag(file, data!, 'context', REVIEW_CODES.sdkLogData, 'warning', `\`${receiver}.log\` sends \`${data!.text}\`, which is not a string: FastMCP 4 log messages are strings`, 'Pass a string (e.g. `json.dumps(value)`) as the message, or structured data as `extra=`.');
      }
      return;
    }
    case 'log-data': {
      if (!call) return;
      const first = api.callArgs(call).find((a) => a.kind === 'positional' || a.name === 'data');
      if (first?.kind === 'keyword') {
        st.edits.add(api.rewriteArgs(text, call, { renameKeyword: new Map([[first.node, 'message']]) }));
        record(file, call, 'context', true, `\`${receiver}.${name.text}(data=...)\` is \`${receiver}.${name.text}(message=...)\` in FastMCP 4`);
      }
      if (nonString(first?.value)) {
        flag(file, first!.value, 'context', REVIEW_CODES.sdkLogData, 'warning', `\`${attr.text}\` sends \`${first!.value.text}\`, which is not a string: FastMCP 4 log messages are strings`, 'Pass a string (e.g. `json.dumps(value)`) as the message, or structured data as `extra=`.');
      }
      return;
    }
    case 'rename-kwarg': {
      if (!call) return;
      const kw = api.keywordArg(call, rule.from);
      if (!kw) return;
      st.edits.add(api.rewriteArgs(text, call, { renameKeyword: new Map([[kw.node, rule.to]]) }));
      record(file, call, 'context', true, rule.message);
      return;
    }
    case 'attr':
      st.edits.add({ start: name.startIndex, end: name.endIndex, text: rule.replacement });
      record(file, attr, 'context', true, rule.message);
      return;
    case 'headers': {
      st.edits.add({ start: attr.startIndex, end: attr.endIndex, text: 'get_http_headers(include_all=True)' });
      if (!api.importsName(st.mod.tree.rootNode, 'fastmcp.server.dependencies', 'get_http_headers') && !st.imports.includes('from fastmcp.server.dependencies import get_http_headers')) {
        st.imports.push('from fastmcp.server.dependencies import get_http_headers');
      }
      record(file, attr, 'context', true, `\`${attr.text}\` is \`get_http_headers(include_all=True)\` from \`fastmcp.server.dependencies\` in FastMCP 4 (an empty dict outside HTTP, where the SDK gave None)`);
      return;
    }
    case 'review':
      flag(file, call ?? attr, 'context', REVIEW_CODES.sdkContext, rule.severity, rule.message.replace(/\{ctx\}/g, receiver), rule.suggestion.replace(/\{ctx\}/g, receiver));
      return;
  }
}
