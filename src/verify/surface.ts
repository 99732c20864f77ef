// What a server advertises, exactly as it sent it: server info and the four lists, all pages.
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { isServerAnswer, ServerRequestError, type ServerSession } from './session.js';

export type JsonObject = Record<string, unknown>;

export interface Surface {
  serverInfo?: { name?: string; version?: string; [key: string]: unknown };
  instructions?: string;
  capabilities: JsonObject;
  tools: JsonObject[];
  resources: JsonObject[];
  resourceTemplates: JsonObject[];
  prompts: JsonObject[];
}

const MAX_PAGES = 1000;

export async function collectSurface(session: ServerSession): Promise<Surface> {
  const capabilities = (session.client.getServerCapabilities() ?? {}) as JsonObject;
  const [tools, resources, resourceTemplates, prompts] = await Promise.all([
    capabilities.tools ? listAll(session, 'tools/list', 'tools') : [],
    capabilities.resources ? listAll(session, 'resources/list', 'resources') : [],
    capabilities.resources ? listAll(session, 'resources/templates/list', 'resourceTemplates') : [],
    capabilities.prompts ? listAll(session, 'prompts/list', 'prompts') : [],
  ]);
  const surface: Surface = { capabilities, tools, resources, resourceTemplates, prompts };
  const info = session.client.getServerVersion();
  if (info) surface.serverInfo = { ...info };
  const instructions = session.client.getInstructions();
  if (instructions !== undefined) surface.instructions = instructions;
  return surface;
}

/** Follows `nextCursor` until the last page. A server without the method lists nothing. */
async function listAll(session: ServerSession, method: string, key: string): Promise<JsonObject[]> {
  const items: JsonObject[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let result: JsonObject;
    try {
      result = await session.request(method, cursor === undefined ? {} : { cursor });
    } catch (err) {
      // A server may declare a capability and still not implement every list (the v1 low-level
      // Server declares `resources` but answers templates/list only if a handler is registered).
      if (isServerAnswer(err) && err.code === ErrorCode.MethodNotFound && page === 0) return [];
      if (isServerAnswer(err)) {
        throw new ServerRequestError(session.side, session.command, `answered ${method} with an error: ${err.message}`, session.stderrTail(), {
          cause: err,
        });
      }
      throw err;
    }
    const list = result[key];
    if (!Array.isArray(list)) {
      throw new ServerRequestError(session.side, session.command, `answered ${method} without a "${key}" array`, session.stderrTail());
    }
    items.push(...(list as JsonObject[]));
    const next = result.nextCursor;
    if (typeof next !== 'string' || next === '') return items;
    if (seen.has(next)) {
      throw new ServerRequestError(session.side, session.command, `repeated the ${method} cursor ${JSON.stringify(next)}`, session.stderrTail());
    }
    seen.add(next);
    cursor = next;
  }
  throw new ServerRequestError(session.side, session.command, `returned more than ${MAX_PAGES} pages for ${method}`, session.stderrTail());
}
