// Test-only (never imported by main.ts; scripts/build-action.mjs fails if it reaches the bundle): a
// local stand-in for api.github.com that checks every request against GitHub's own REST description
// (@octokit/openapi, api.github.com.json) and records it. A request whose method and path match no
// documented operation, whose path or query parameters have the wrong type, or whose JSON body does
// not validate against the operation's requestBody schema is answered 400 and kept in `violations`.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  /** The URL path as sent, e.g. /repos/acme/platform/pulls/7/reviews. */
  path: string;
  /** GitHub's operation id, e.g. pulls/create-review. */
  operationId: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export type Handler = (req: RecordedRequest) => Reply;

export interface FakeGitHub {
  /** http://127.0.0.1:PORT, for GITHUB_API_URL. */
  url: string;
  requests: RecordedRequest[];
  violations: string[];
  close(): Promise<void>;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  literals: number;
  operationId: string;
  params: Map<string, { in: string; schema: Json; required: boolean }>;
  bodySchema: Json | undefined;
  bodyRequired: boolean;
}

let spec: { operations: Operation[]; ajv: Ajv; validators: Map<string, ValidateFunction> } | undefined;

function loadSpec(): NonNullable<typeof spec> {
  if (spec) return spec;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@octokit/openapi/package.json'));
  const doc = JSON.parse(readFileSync(path.join(dir, 'generated', 'api.github.com.json'), 'utf8')) as Json;
  const resolve = (node: unknown): Json => {
    let n = node as Json;
    for (let i = 0; i < 20 && typeof n.$ref === 'string'; i++) n = pointer(doc, n.$ref);
    return n;
  };
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head']) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const params = new Map<string, { in: string; schema: Json; required: boolean }>();
      for (const p of [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])].map(resolve)) {
        params.set(String(p.name), { in: String(p.in), schema: (p.schema as Json) ?? {}, required: p.required === true });
      }
      const names: string[] = [];
      const source = template
        .split('/')
        .map((seg) => seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => (names.push(name), '([^/]+)')))
        .join('/');
      const body = op.requestBody ? resolve(op.requestBody) : undefined;
      const content = body?.content as Record<string, { schema?: Json }> | undefined;
      operations.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${source}$`),
        names,
        literals: template.split('/').filter((s) => s && !s.includes('{')).length,
        operationId: String(op.operationId),
        params,
        bodySchema: content?.['application/json']?.schema ? strictCopy(content['application/json'].schema, doc, 0) : undefined,
        bodyRequired: body?.required === true,
      });
    }
  }
  // OpenAPI 3.0 schemas: `nullable` is an Ajv keyword; `example` and the like are annotations.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  spec = { operations, ajv, validators: new Map() };
  return spec;
}

/** Inlines $refs and forbids properties the description does not list, so a misspelt field is caught (GitHub would ignore it). */
function strictCopy(node: unknown, doc: Json, depth: number): Json {
  if (depth > 30 || typeof node !== 'object' || node === null) return node as Json;
  if (Array.isArray(node)) return node.map((n) => strictCopy(n, doc, depth + 1)) as unknown as Json;
  let n = node as Json;
  if (typeof n.$ref === 'string') n = pointer(doc, n.$ref);
  const out: Json = {};
  for (const [k, v] of Object.entries(n)) {
    if (k === 'example' || k === 'examples' || k === 'description') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, strictCopy(s, doc, depth + 1)])) : strictCopy(v, doc, depth + 1);
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined && !out.oneOf && !out.anyOf && !out.allOf) out.additionalProperties = false;
  return out;
}

function pointer(doc: Json, ref: string): Json {
  let n: unknown = doc;
  for (const part of ref.replace(/^#\//, '').split('/')) n = (n as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (n === undefined) throw new Error(`bad $ref ${ref}`);
  return n as Json;
}

function typeOk(value: string, schema: Json): boolean {
  switch (schema.type) {
    case 'integer':
      return /^-?\d+$/.test(value);
    case 'number':
      return value !== '' && !Number.isNaN(Number(value));
    case 'boolean':
      return value === 'true' || value === 'false';
    default:
      return !Array.isArray(schema.enum) || (schema.enum as unknown[]).includes(value);
  }
}

/** Finds the documented operation for a request: method and path template, most literal segments first, parameters of the right type. */
function match(method: string, urlPath: string): { op: Operation; params: Record<string, string> } | string {
  const { operations } = loadSpec();
  const found = operations
    .filter((o) => o.method === method && o.pattern.test(urlPath))
    .sort((a, b) => b.literals - a.literals);
  if (found.length === 0) return `${method} ${urlPath} matches no operation in GitHub's REST description`;
  for (const op of found) {
    const m = op.pattern.exec(urlPath)!;
    const params = Object.fromEntries(op.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    if (op.names.every((n) => typeOk(params[n]!, op.params.get(n)?.schema ?? {}))) return { op, params };
  }
  return `${method} ${urlPath}: path parameters of the wrong type for ${found.map((o) => o.template).join(', ')}`;
}

function check(op: Operation, query: URLSearchParams, body: unknown, contentType: string | undefined): string[] {
  const problems: string[] = [];
  for (const [name, value] of query) {
    const p = op.params.get(name);
    if (!p || p.in !== 'query') problems.push(`query parameter ${name} is not documented for ${op.operationId}`);
    else if (!typeOk(value, p.schema)) problems.push(`query parameter ${name}=${value} is not a ${String(p.schema.type)}`);
  }
  for (const [name, p] of op.params) if (p.in === 'query' && p.required && !query.has(name)) problems.push(`query parameter ${name} is required`);
  if (body !== undefined && !op.bodySchema) problems.push(`${op.operationId} takes no request body`);
  if (body === undefined && op.bodyRequired) problems.push(`${op.operationId} needs a request body`);
  if (body !== undefined && op.bodySchema) {
    if (!contentType?.startsWith('application/json')) problems.push(`content-type is ${contentType ?? 'missing'}, not application/json`);
    const { ajv, validators } = loadSpec();
    let validate = validators.get(op.operationId);
    if (!validate) {
      validate = ajv.compile(op.bodySchema);
      validators.set(op.operationId, validate);
    }
    if (!validate(body)) {
      for (const e of validate.errors ?? []) problems.push(`body${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    }
  }
  return problems;
}

export async function startFakeGitHub(handlers: Record<string, Handler>): Promise<FakeGitHub> {
  loadSpec();
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body?: unknown): void => {
        const text = body === undefined ? '' : JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        violations.push(`${req.method} ${url.pathname}: body is not JSON`);
        send(400, { message: 'Problems parsing JSON' });
        return;
      }
      const found = match(req.method ?? 'GET', url.pathname);
      if (typeof found === 'string') {
        violations.push(found);
        send(404, { message: 'Not Found' });
        return;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        operationId: found.op.operationId,
        params: found.params,
        query: Object.fromEntries(url.searchParams),
        body,
        authorization: req.headers.authorization,
      };
      requests.push(recorded);
      const problems = check(found.op, url.searchParams, body, req.headers['content-type']);
      if (!req.headers.authorization) problems.push('no authorization header');
      if (problems.length > 0) {
        violations.push(...problems.map((p) => `${recorded.operationId}: ${p}`));
        send(422, { message: 'Validation Failed', errors: problems });
        return;
      }
      const handler = handlers[found.op.operationId];
      if (!handler) {
        violations.push(`${recorded.operationId} (${recorded.method} ${recorded.path}) has no handler in this test`);
        send(501, { message: 'not served by the test server' });
        return;
      }
      const reply = handler(recorded);
      send(reply.status, reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
