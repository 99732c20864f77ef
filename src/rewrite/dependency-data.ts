// Dependency facts of the migration target, kept as data. Derived from the installed metadata of
// the test venvs (scripts/derive-dependency-tables.py prints both tables again):
//
// - FASTMCP4_REQUIRES: every requirement that fastmcp 4.2.3, fastmcp-slim 4.2.3 (fastmcp's
//   `fastmcp-slim[client,server]`), mcp 2.3.0 and mcp-types 2.3.0 state in their METADATA
//   (`Requires-Dist`, markers evaluated for CPython 3.11 on Linux, the venv's interpreter), read
//   from `.venv/fastmcp4`. `resolved` is the version that venv installed (a version known to work).
//   Requirements *of those dependencies* are left out: they depend on which version resolves.
// - LOST_WITH_MCP1: the transitive closure of `mcp==1.30.0` (`.venv/mcp1`) minus the transitive
//   closure of `fastmcp==4.2.3` (`.venv/fastmcp4`): packages a project had only through the SDK
//   and loses when its `mcp` pin becomes `fastmcp==4.2.3` (httpx, httpx-sse, httpcore — FastMCP 4
//   and mcp 2.x moved to httpx2). `specifier` is what mcp 1.x (or httpx) required; `modules` the
//   top-level import names. `typer` comes from the `mcp[cli]` extra only.
// - LOST_WITH_FASTMCP3: the same for the fastmcp-3-to-4 hop (closure of fastmcp 3.4.11 in
//   `.venv/fastmcp3` minus closure of fastmcp 4.2.3). `mcp` / `mcp-types` in FASTMCP4_REQUIRES are
//   fastmcp-slim 4.2.3's and mcp 2.3.0's own requirements on the SDK packages.

/**
 * `Requires-Python` of the FastMCP 4 stack (fastmcp 4.2.3 and fastmcp-slim 4.2.3: `>=3.11`;
 * mcp 2.3.0 and mcp-types 2.3.0: `>=3.10`), strictest first.
 */
export const FASTMCP4_REQUIRES_PYTHON: RequiredBy[] = [
  { specifier: '>=3.11', by: 'fastmcp 4.2.3' },
  { specifier: '>=3.10', by: 'mcp 2.3.0' },
];

export interface RequiredBy {
  specifier: string;
  /** `fastmcp-slim 4.2.3`, `mcp 2.3.0`, ... */
  by: string;
}

/** Normalised package name → what the FastMCP 4 stack requires of it. */
export const FASTMCP4_REQUIRES: Record<string, { resolved: string; requires: RequiredBy[] }> = {
  "anyio": { resolved: "4.16.0", requires: [{ specifier: ">=4.9", by: "mcp 2.3.0" }] },
  "authlib": { resolved: "1.9.10", requires: [{ specifier: ">=1.9.5", by: "fastmcp-slim 4.2.3" }] },
  "certifi": { resolved: "2026.10.19.post1", requires: [{ specifier: ">=2026.10.19", by: "fastmcp-slim 4.2.3" }] },
  "cyclopts": { resolved: "5.5.2", requires: [{ specifier: ">=4.0.0", by: "fastmcp-slim 4.2.3" }] },
  "exceptiongroup": { resolved: "1.3.2", requires: [{ specifier: ">=1.2.2", by: "fastmcp-slim 4.2.3" }] },
  "griffelib": { resolved: "2.4.1", requires: [{ specifier: ">=2.0.0", by: "fastmcp-slim 4.2.3" }] },
  "httpx2": { resolved: "2.16.2", requires: [{ specifier: ">=2.5.0", by: "fastmcp-slim 4.2.3" }, { specifier: ">=2.10.0", by: "mcp 2.3.0" }] },
  "joserfc": { resolved: "1.8.0", requires: [{ specifier: ">=1.7.6", by: "fastmcp-slim 4.2.3" }] },
  "jsonref": { resolved: "1.1.0", requires: [{ specifier: ">=1.1.0", by: "fastmcp-slim 4.2.3" }] },
  "jsonschema": { resolved: "4.26.0", requires: [{ specifier: ">=4.20.0", by: "mcp 2.3.0" }, { specifier: ">=4.20.0", by: "fastmcp-slim 4.2.3" }] },
  "mcp": { resolved: "2.3.0", requires: [{ specifier: ">=2.3.0,<3.0.0", by: "fastmcp-slim 4.2.3" }] },
  "mcp-types": { resolved: "2.3.0", requires: [{ specifier: "==2.3.0", by: "mcp 2.3.0" }, { specifier: ">=2.0.0,<3.0.0", by: "fastmcp-slim 4.2.3" }] },
  "jsonschema-path": { resolved: "0.5.0", requires: [{ specifier: ">=0.3.4", by: "fastmcp-slim 4.2.3" }] },
  "openapi-pydantic": { resolved: "0.6.0", requires: [{ specifier: ">=0.6.0", by: "fastmcp-slim 4.2.3" }] },
  "opentelemetry-api": { resolved: "1.45.2", requires: [{ specifier: ">=1.28.0", by: "mcp 2.3.0" }, { specifier: ">=1.45.2", by: "fastmcp-slim 4.2.3" }] },
  "packaging": { resolved: "26.3", requires: [{ specifier: ">=24.0", by: "fastmcp-slim 4.2.3" }] },
  "platformdirs": { resolved: "4.14.8", requires: [{ specifier: ">=4.0.0", by: "fastmcp-slim 4.2.3" }] },
  "py-key-value-aio": { resolved: "0.5.0", requires: [{ specifier: "<0.6.0,>=0.4.6", by: "fastmcp-slim 4.2.3" }] },
  "pydantic": { resolved: "2.14.4", requires: [{ specifier: ">=2.12.0", by: "mcp-types 2.3.0" }, { specifier: ">=2.12.0", by: "fastmcp-slim 4.2.3" }, { specifier: ">=2.12.0", by: "mcp 2.3.0" }] },
  "pydantic-settings": { resolved: "2.16.3", requires: [{ specifier: ">=2.0.0", by: "fastmcp-slim 4.2.3" }] },
  "pyjwt": { resolved: "2.15.1", requires: [{ specifier: ">=2.10.1", by: "mcp 2.3.0" }] },
  "pyperclip": { resolved: "1.11.0", requires: [{ specifier: ">=1.9.0", by: "fastmcp-slim 4.2.3" }] },
  "python-dotenv": { resolved: "1.2.4", requires: [{ specifier: ">=1.1.0", by: "fastmcp-slim 4.2.3" }] },
  "python-multipart": { resolved: "0.0.34", requires: [{ specifier: ">=0.0.9", by: "mcp 2.3.0" }, { specifier: ">=0.0.26", by: "fastmcp-slim 4.2.3" }] },
  "pyyaml": { resolved: "6.0.4", requires: [{ specifier: "<7.0,>=6.0", by: "fastmcp-slim 4.2.3" }] },
  "rich": { resolved: "15.0.0", requires: [{ specifier: ">=13.9.4", by: "fastmcp-slim 4.2.3" }] },
  "sse-starlette": { resolved: "3.7.0", requires: [{ specifier: ">=3.0.0", by: "mcp 2.3.0" }] },
  "starlette": { resolved: "1.10.0", requires: [{ specifier: ">=0.27", by: "mcp 2.3.0" }, { specifier: ">=1.0.1", by: "fastmcp-slim 4.2.3" }] },
  "typing-extensions": { resolved: "4.16.0", requires: [{ specifier: ">=4.13.0", by: "mcp-types 2.3.0" }, { specifier: ">=4.0.0", by: "fastmcp-slim 4.2.3" }, { specifier: ">=4.13.0", by: "mcp 2.3.0" }] },
  "typing-inspection": { resolved: "0.4.5", requires: [{ specifier: ">=0.4.1", by: "mcp 2.3.0" }] },
  "uncalled-for": { resolved: "0.6.2", requires: [{ specifier: ">=0.6.1", by: "fastmcp-slim 4.2.3" }] },
  "uvicorn": { resolved: "0.54.0", requires: [{ specifier: ">=0.31.1", by: "mcp 2.3.0" }, { specifier: ">=0.35", by: "fastmcp-slim 4.2.3" }] },
  "watchfiles": { resolved: "1.3.0", requires: [{ specifier: ">=1.0.0", by: "fastmcp-slim 4.2.3" }] },
  "websockets": { resolved: "17.4", requires: [{ specifier: ">=15.0.1", by: "fastmcp-slim 4.2.3" }] },};

export interface LostDependency {
  /** Normalised package name. */
  package: string;
  /** The bound to write (what the old stack required). */
  specifier: string;
  /** Top-level modules that mean the code uses it directly. */
  modules: string[];
  /** Only when the replaced requirement had this extra (`mcp[cli]`). */
  extra?: string;
}

/** Packages `mcp` 1.30.0 brought that `fastmcp` 4.2.3 does not. */
export const LOST_WITH_MCP1: LostDependency[] = [
  { package: 'httpx', specifier: '>=0.27.1,<1.0.0', modules: ['httpx'] },
  { package: 'httpx-sse', specifier: '>=0.4', modules: ['httpx_sse'] },
  { package: 'httpcore', specifier: '==1.*', modules: ['httpcore'] },
  { package: 'typer', specifier: '>=0.16.0', modules: ['typer'], extra: 'cli' },
];

/**
 * Packages `fastmcp` 3.4.11 brought (`.venv/fastmcp3`: fastmcp-slim 3.4.11 requires
 * `httpx<1.0,>=0.28.1`, mcp 1.30.0 requires `httpx-sse>=0.4`, httpx requires `httpcore==1.*`,
 * py-key-value-aio 0.4.6 requires `keyring>=25.6.0`) that `fastmcp` 4.2.3 does not (closure of
 * fastmcp 3.4.11 minus closure of fastmcp 4.2.3, packages a server's code imports directly):
 * the fastmcp-3-to-4 hop adds the ones the code imports.
 */
export const LOST_WITH_FASTMCP3: LostDependency[] = [
  { package: 'httpx', specifier: '>=0.28.1,<1.0', modules: ['httpx'] },
  { package: 'httpx-sse', specifier: '>=0.4', modules: ['httpx_sse'] },
  { package: 'httpcore', specifier: '==1.*', modules: ['httpcore'] },
  { package: 'keyring', specifier: '>=25.6.0', modules: ['keyring'] },
];

/**
 * Packages `fastmcp` 2.14.7 brought (`.venv/fastmcp2`: fastmcp requires `pydocket>=0.17.2` and
 * `fakeredis<2.35.0`; pydocket requires `typer>=0.15.1`, `redis>=6`, `cloudpickle>=3.1.1`,
 * `prometheus-client>=0.21.1`, `python-json-logger>=2.0.7`; py-key-value-aio requires
 * `diskcache>=5.0.0`, `pathvalidate>=3.3.1`; fakeredis requires `sortedcontainers>=2`) that
 * `fastmcp` 3.4.11 does not (closure of fastmcp 2.14.7 minus closure of fastmcp 3.4.11): the
 * fastmcp-2-to-3 hop adds the ones the code imports.
 */
export const LOST_WITH_FASTMCP2: LostDependency[] = [
  { package: 'pydocket', specifier: '>=0.17.2', modules: ['docket'] },
  { package: 'fakeredis', specifier: '<2.35.0', modules: ['fakeredis'] },
  { package: 'typer', specifier: '>=0.15.1', modules: ['typer'] },
  { package: 'redis', specifier: '>=6', modules: ['redis'] },
  { package: 'cloudpickle', specifier: '>=3.1.1', modules: ['cloudpickle'] },
  { package: 'prometheus-client', specifier: '>=0.21.1', modules: ['prometheus_client'] },
  { package: 'python-json-logger', specifier: '>=2.0.7', modules: ['pythonjsonlogger'] },
  { package: 'diskcache', specifier: '>=5.0.0', modules: ['diskcache'] },
  { package: 'pathvalidate', specifier: '>=3.3.1', modules: ['pathvalidate'] },
  { package: 'sortedcontainers', specifier: '>=2', modules: ['sortedcontainers'] },
];
