// A small PEP 440 version and specifier reader, enough to answer "can any version satisfy both
// of these requirements?" (a project pin against what fastmcp 4 needs). Versions are ordered as
// PEP 440 says (epoch, release, pre, post, dev; local labels ignored); a specifier set becomes a
// union of version intervals, so two sets conflict exactly when their intersection is empty.
// Also reads Poetry's `^1.2`, `~1.2`, bare `1.2.3`, `*` and `||`.

export interface Version {
  epoch: number;
  release: number[];
  /** `a` | `b` | `rc` with its number. */
  pre?: [string, number];
  post?: number;
  dev?: number;
}

// packaging's VERSION_PATTERN (PEP 440 appendix B), as a JavaScript regex.
const VERSION_RE =
  /^v?(?:(?<epoch>\d+)!)?(?<release>\d+(?:\.\d+)*)(?:[-_.]?(?<preL>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?<preN>\d+)?)?(?:-(?<postN1>\d+)|[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>\d+)?)?(?:[-_.]?(?<devL>dev)[-_.]?(?<devN>\d+)?)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;

export function parseVersion(text: string): Version | undefined {
  const g = VERSION_RE.exec(text.trim())?.groups;
  if (!g) return undefined;
  const v: Version = { epoch: g.epoch ? Number(g.epoch) : 0, release: g.release!.split('.').map(Number) };
  if (g.preL) {
    const l = g.preL.toLowerCase();
    v.pre = [l === 'alpha' || l === 'a' ? 'a' : l === 'beta' || l === 'b' ? 'b' : 'rc', g.preN ? Number(g.preN) : 0];
  }
  if (g.postN1 !== undefined) v.post = Number(g.postN1);
  else if (g.postL) v.post = g.postN2 ? Number(g.postN2) : 0;
  if (g.devL) v.dev = g.devN ? Number(g.devN) : 0;
  return v;
}

const PHASES = ['a', 'b', 'rc'];

function cmpNumbers(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** PEP 440 order: `1.0.dev0 < 1.0a1 < 1.0rc1 < 1.0 < 1.0.post1`; trailing zeros do not count. */
export function compareVersions(a: Version, b: Version): number {
  if (a.epoch !== b.epoch) return a.epoch - b.epoch;
  const r = cmpNumbers(a.release, b.release);
  if (r !== 0) return r;
  const preKey = (v: Version): number[] => {
    if (v.pre) return [PHASES.indexOf(v.pre[0]), v.pre[1]];
    if (v.post === undefined && v.dev !== undefined) return [-1, 0]; // 1.0.dev0 sorts before 1.0a0
    return [PHASES.length, 0];
  };
  const p = cmpNumbers(preKey(a), preKey(b));
  if (p !== 0) return p;
  const post = (v: Version) => (v.post === undefined ? -1 : v.post);
  if (post(a) !== post(b)) return post(a) - post(b);
  const dev = (v: Version) => (v.dev === undefined ? Infinity : v.dev);
  return dev(a) === dev(b) ? 0 : dev(a) < dev(b) ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// Intervals

interface Bound {
  v: Version;
  inclusive: boolean;
}
/** `lo`/`hi` undefined: unbounded on that side. */
export interface Interval {
  lo?: Bound;
  hi?: Bound;
}

const ALL: Interval[] = [{}];

/** The lowest version that starts with `release` (its first dev release). */
function floorOf(release: number[]): Version {
  return { epoch: 0, release, dev: 0 };
}

/** `release` with its component `i` incremented and the rest dropped (`[1,4,2]`, 1 → `[1,5]`). */
function bump(release: number[], i: number): number[] {
  const out = release.slice(0, i + 1);
  while (out.length <= i) out.push(0);
  out[i] = out[i]! + 1;
  return out;
}

function empty(i: Interval): boolean {
  if (!i.lo || !i.hi) return false;
  const c = compareVersions(i.lo.v, i.hi.v);
  return c > 0 || (c === 0 && !(i.lo.inclusive && i.hi.inclusive));
}

function maxLo(a?: Bound, b?: Bound): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = compareVersions(a.v, b.v);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}

function minHi(a?: Bound, b?: Bound): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = compareVersions(a.v, b.v);
  if (c !== 0) return c < 0 ? a : b;
  return a.inclusive ? b : a;
}

function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const i: Interval = {};
      const lo = maxLo(x.lo, y.lo);
      const hi = minHi(x.hi, y.hi);
      if (lo) i.lo = lo;
      if (hi) i.hi = hi;
      if (!empty(i)) out.push(i);
    }
  }
  return out;
}

function between(lo: Version, loInc: boolean, hi: Version, hiInc: boolean): Interval[] {
  return [{ lo: { v: lo, inclusive: loInc }, hi: { v: hi, inclusive: hiInc } }];
}

const CLAUSE_RE = /^(===|==|~=|!=|<=|>=|<|>|\^|~|=)?\s*(.+)$/;

/** One clause (`>=2.3`, `==2.*`, `~=1.4.2`, `!=1.5`, `^1.2`) as intervals; undefined when unreadable. */
function clauseIntervals(clause: string): Interval[] | undefined {
  const m = CLAUSE_RE.exec(clause.trim());
  if (!m) return undefined;
  const op = m[1] ?? '==';
  let text = m[2]!.trim();
  if (text === '*' && (op === '==' || op === '=')) return ALL;
  const wildcard = text.endsWith('.*');
  if (wildcard) text = text.slice(0, -2);
  const v = parseVersion(text);
  if (!v) return undefined;
  if (wildcard) {
    if (op !== '==' && op !== '!=' && op !== '=') return undefined;
    const lo = floorOf(v.release);
    const hi = floorOf(bump(v.release, v.release.length - 1));
    if (op === '!=') return [{ hi: { v: lo, inclusive: false } }, { lo: { v: hi, inclusive: true } }];
    return between(lo, true, hi, false);
  }
  switch (op) {
    case '>=':
      return [{ lo: { v, inclusive: true } }];
    case '>':
      // `>V` does not admit V's post-releases unless V is one.
      return [{ lo: { v: v.post === undefined && v.dev === undefined ? { ...v, post: Infinity } : v, inclusive: false } }];
    case '<=':
      return [{ hi: { v, inclusive: true } }];
    case '<':
      // `<V` does not admit V's pre-releases unless V is one.
      return [{ hi: { v: !v.pre && v.dev === undefined && v.post === undefined ? { ...floorOf(v.release), epoch: v.epoch } : v, inclusive: false } }];
    case '==':
    case '===':
    case '=':
      return between(v, true, v, true);
    case '!=':
      return [{ hi: { v, inclusive: false } }, { lo: { v, inclusive: false } }];
    case '~=': {
      if (v.release.length < 2) return undefined;
      return between(v, true, floorOf(bump(v.release, v.release.length - 2)), false);
    }
    case '^': {
      // Poetry: the left-most non-zero component may not change.
      const i = v.release.findIndex((n) => n !== 0);
      const at = i < 0 ? v.release.length - 1 : i;
      return between(v, true, floorOf(bump(v.release, at)), false);
    }
    case '~': {
      const at = v.release.length === 1 ? 0 : 1;
      return between(v, true, floorOf(bump(v.release, at)), false);
    }
    default:
      return undefined;
  }
}

/**
 * A specifier (PEP 440 `>=2.3,<3`, `~=2.3`, `==2.*`; Poetry `^2.3`, `~2.3`, `2.3.1`, `*`,
 * `>=1 <2`, `^1 || ^2`) as a union of intervals. `''` admits everything. Undefined when a clause
 * cannot be read (the caller then says nothing rather than guess).
 */
export function specifierIntervals(spec: string): Interval[] | undefined {
  const s = spec.trim();
  if (s === '') return ALL;
  let union: Interval[] = [];
  for (const alt of s.split(/\s*\|\|?\s*/)) {
    let acc: Interval[] = ALL;
    const clauses = alt.split(/\s*,\s*|\s+(?=[<>=!~^])/).filter((c) => c !== '');
    for (const clause of clauses) {
      const part = clauseIntervals(clause);
      if (!part) return undefined;
      acc = intersect(acc, part);
    }
    union = union.concat(acc);
  }
  return union;
}

/** Whether `version` satisfies `spec` (pre-releases are not excluded specially). */
export function satisfies(version: string, spec: string): boolean | undefined {
  const v = parseVersion(version);
  const iv = specifierIntervals(spec);
  if (!v || !iv) return undefined;
  return intersect(iv, between(v, true, v, true)).length > 0;
}

/** Whether some version satisfies every specifier given; undefined when one cannot be read. */
export function compatible(...specs: string[]): boolean | undefined {
  let acc: Interval[] = ALL;
  for (const s of specs) {
    const iv = specifierIntervals(s);
    if (!iv) return undefined;
    acc = intersect(acc, iv);
  }
  return acc.length > 0;
}
