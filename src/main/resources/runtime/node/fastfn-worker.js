'use strict';
// fastfn Node worker: runs one function's handler for the gateway (protocol: ../PROTOCOL.md).
// Built-in modules only. Frames arrive on stdin and leave on the original stdout; everything a
// handler writes is captured per request (AsyncLocalStorage) or, outside a request, sent to stderr.

// Ctrl-C in a terminal, `kill -- -PGID` and a service manager's stop signal the whole process group;
// the server stops its workers itself (it closes their input), so a worker must not die of them first
// and be restarted meanwhile. Set first thing, for a spare still starting. Child processes start
// with the default actions.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});

const fs = require('fs');
const path = require('path');
const util = require('util');
const Module = require('module');
const { AsyncLocalStorage } = require('async_hooks');

let MAX_IN = 64 * 1024 * 1024;
let MAX_REPLY = 10 * 1024 * 1024;
for (let i = 2; i < process.argv.length - 1; i++) {
  if (process.argv[i] === '--max-frame') MAX_IN = Number(process.argv[i + 1]);
  if (process.argv[i] === '--max-reply') MAX_REPLY = Number(process.argv[i + 1]);
}

// The launcher hands us the protocol pipes as fds 3 (to the gateway) and 4 (from it); fd 1 is
// already stderr. Started without them (by hand), fall back to stdout/stdin.
const PROTO_OUT = (() => { try { fs.fstatSync(3); return 3; } catch (e) { return 1; } })();
const PROTO_IN = PROTO_OUT === 3 ? 4 : 0;

// The environment this process started with, as a plain object. A load compares the function's
// environment against it and touches process.env only where they differ: every read of process.env
// is a call into the runtime, and reading all of it cost a new function's load about 0.2-0.5 ms.
const START_ENV = Object.assign({}, process.env);
const errWrite = process.stderr.write.bind(process.stderr);

function protoWrite(buf) {
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(PROTO_OUT, buf, off, buf.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}
const capture = new AsyncLocalStorage();

function chunkText(chunk, encoding) {
  if (typeof chunk === 'string') return chunk;
  return Buffer.from(chunk.buffer ? chunk : String(chunk), typeof encoding === 'string' ? encoding : undefined)
    .toString('utf8');
}

function patchStream(stream, index) {
  stream.write = function write(chunk, encoding, cb) {
    const cap = capture.getStore();
    if (cap === undefined) return errWrite(chunk, encoding, cb);
    cap[index].push(chunkText(chunk, encoding));
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
}
patchStream(process.stdout, 0);
patchStream(process.stderr, 1);

function log(msg) {
  errWrite('fastfn-worker: ' + msg + '\n');
}

process.on('uncaughtException', (err) => log('uncaught exception: ' + ((err && err.stack) || String(err))));
process.on('unhandledRejection', (err) => log('unhandled rejection: ' + ((err && err.stack) || String(err))));

function send(obj) {
  let text = JSON.stringify(obj);
  let size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_REPLY && obj.id !== undefined && obj.type === undefined) {
    text = JSON.stringify({ id: obj.id, status: 500, error: `response too large (${size} bytes > ${MAX_REPLY})` });
    size = Buffer.byteLength(text, 'utf8');
  }
  const frame = Buffer.allocUnsafe(4 + size);
  frame.writeUInt32BE(size, 0);
  frame.write(text, 4, 'utf8');
  protoWrite(frame);
}

// ------------------------------------------------------------------------------------------------
// response normalization (runtimes.md §3.2)

class ContractError extends Error {
  get status() { return 500; }
}

/** The handler asked for an edge proxy passthrough, which this platform does not perform. */
class EdgeProxyDisabled extends ContractError {
  constructor() { super('edge proxy disabled for this function'); }
  get status() { return 502; }
}

const CONTRACT_KEYS = ['status', 'statusCode', 'headers', 'body', 'body_base64', 'is_base64', 'isBase64Encoded', 'proxy'];
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const isBytes = (v) => Buffer.isBuffer(v) || v instanceof Uint8Array;
const toB64 = (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');

function contentTypeKey(headers) {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') return k;
  return undefined;
}

function sniffText(s) {
  const t = s.trim().toLowerCase();
  if (t.startsWith('<!doctype html') || t.startsWith('<html') || t.includes('<body') || t.includes('</html>')) {
    return 'text/html; charset=utf-8';
  }
  return 'text/plain; charset=utf-8';
}

function csvCell(v) {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function toCsv(body) {
  const rows = [];
  if (Array.isArray(body)) {
    if (body.length && body.every(Array.isArray)) {
      for (const r of body) rows.push(r.map(csvCell).join(','));
    } else if (body.length && body[0] && typeof body[0] === 'object') {
      const cols = Object.keys(body[0]);
      rows.push(cols.map(csvCell).join(','));
      for (const r of body) rows.push(cols.map((c) => csvCell(r && r[c])).join(','));
    } else {
      for (const r of body) rows.push(csvCell(r));
    }
  } else {
    const cols = Object.keys(body);
    rows.push(cols.map(csvCell).join(','));
    rows.push(cols.map((c) => csvCell(body[c])).join(','));
  }
  return rows.join('\n');
}

// Checked by tag: reading the global Response would load Node's fetch implementation (~100 ms) on
// the first call of every worker.
const isResponse = (v) => v !== null && typeof v === 'object' && v[Symbol.toStringTag] === 'Response'
  && typeof v.arrayBuffer === 'function';

function normalize(v) {
  if (isResponse(v)) return fromResponse(v);
  if (v === null || v === undefined) return { status: 200, headers: {}, body: '' };
  if (isBytes(v)) {
    return { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, is_base64: true, body_base64: toB64(v) };
  }
  switch (typeof v) {
    case 'string':
      return v === '' ? { status: 200, headers: {}, body: '' } : { status: 200, headers: { 'Content-Type': sniffText(v) }, body: v };
    case 'number':
    case 'boolean':
    case 'bigint':
      return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: String(v) };
    case 'object':
      break;
    default:
      throw new ContractError('handler response must be an object, string, number or Buffer, got ' + typeof v);
  }
  if (Array.isArray(v) || !CONTRACT_KEYS.some((k) => hasOwn(v, k))) {
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(v) };
  }
  // A non-object proxy is dropped, as the reference's Node runtime does; an object asks for a passthrough.
  if (v.proxy !== null && typeof v.proxy === 'object' && !Array.isArray(v.proxy)) throw new EdgeProxyDisabled();
  let raw = v.status !== undefined ? v.status : v.statusCode;
  if (raw === undefined || raw === null) raw = 200;
  const status = Number(raw);
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new ContractError('status must be a valid HTTP code');
  if (v.headers !== undefined && v.headers !== null && (typeof v.headers !== 'object' || Array.isArray(v.headers))) {
    throw new ContractError('headers must be an object');
  }
  const headers = Object.assign({}, v.headers || {});
  let isB64 = v.is_base64 === true;
  let b64 = v.body_base64;
  if (v.isBase64Encoded !== undefined && v.is_base64 === undefined) {
    isB64 = v.isBase64Encoded === true;
    if (isB64) b64 = v.body;
  }
  if (isB64) {
    if (isBytes(b64)) b64 = Buffer.from(b64).toString('base64');
    if (typeof b64 !== 'string' || b64 === '') {
      throw new ContractError('body_base64 must be a non-empty string when is_base64=true');
    }
    return { status, headers, is_base64: true, body_base64: b64 };
  }
  let body = v.body;
  if (isBytes(body)) {
    if (contentTypeKey(headers) === undefined) headers['Content-Type'] = 'application/octet-stream';
    return { status, headers, is_base64: true, body_base64: toB64(body) };
  }
  if (body === undefined || body === null) {
    body = '';
  } else if (typeof body === 'object') {
    const ctKey = contentTypeKey(headers);
    const ct = ctKey === undefined ? '' : String(headers[ctKey]);
    if (/text\/csv/i.test(ct)) {
      body = toCsv(body);
    } else {
      body = JSON.stringify(body);
      headers[ctKey === undefined ? 'Content-Type' : ctKey] = ct || 'application/json';
    }
  } else if (typeof body !== 'string') {
    body = String(body);
  }
  return { status, headers, body };
}

async function fromResponse(r) {
  const status = Number(r.status);
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new ContractError('status must be a valid HTTP code');
  const headers = {};
  r.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value;
  });
  const cookies = typeof r.headers.getSetCookie === 'function' ? r.headers.getSetCookie() : [];
  if (cookies.length) headers['set-cookie'] = cookies;
  const buf = Buffer.from(await r.arrayBuffer());
  if (buf.length === 0) return { status, headers, body: '' };
  return { status, headers, is_base64: true, body_base64: buf.toString('base64') };
}

// ------------------------------------------------------------------------------------------------
// adapters (runtimes.md §2.5)

function encodeQuery(query) {
  const parts = [];
  for (const [k, v] of Object.entries(query || {})) {
    const ek = encodeURIComponent(k);
    if (v === true) parts.push(ek);
    else if (Array.isArray(v)) for (const item of v) parts.push(ek + '=' + encodeURIComponent(String(item)));
    else if (v !== null && v !== undefined && v !== false) parts.push(ek + '=' + encodeURIComponent(String(v)));
  }
  return parts.join('&');
}

function lambdaEvent(event) {
  const method = event.method || 'GET';
  const rawPath = event.raw_path || event.path || '/';
  const p = event.path || rawPath.split('?')[0];
  const q = rawPath.indexOf('?');
  const headers = event.headers || {};
  let cookie = headers.cookie;
  if (Array.isArray(cookie)) cookie = cookie.join('; ');
  const cookies = typeof cookie === 'string' && cookie ? cookie.split(';').map((c) => c.trim()).filter(Boolean) : undefined;
  const qsp = {};
  for (const [k, v] of Object.entries(event.query || {})) {
    qsp[k] = Array.isArray(v) ? v.join(',') : v === true ? '' : String(v);
  }
  const isB64 = event.is_base64 === true;
  const ctx = event.context || {};
  const client = event.client || {};
  return {
    version: '2.0',
    routeKey: method + ' ' + p,
    rawPath: p,
    rawQueryString: q >= 0 ? rawPath.slice(q + 1) : encodeQuery(event.query),
    cookies,
    headers,
    queryStringParameters: qsp,
    pathParameters: Object.assign({}, event.params || {}),
    body: isB64 ? event.body_base64 : event.body,
    isBase64Encoded: isB64,
    requestContext: {
      requestId: ctx.request_id || event.id,
      http: { method, path: p, sourceIp: client.ip, userAgent: client.ua },
      timeEpoch: event.ts,
    },
  };
}

function lambdaContext(event) {
  const ctx = event.context || {};
  const deadline = Date.now() + Number(ctx.timeout_ms || 0);
  const name = ctx.function_name || fn.name;
  const version = ctx.version && ctx.version !== 'default' ? ctx.version : '$LATEST';
  const requestId = ctx.request_id || event.id;
  const remaining = () => Math.max(0, deadline - Date.now());
  const noop = () => {};
  return {
    aws_request_id: requestId, awsRequestId: requestId,
    function_name: name, functionName: name,
    function_version: version, functionVersion: version,
    memory_limit_in_mb: ctx.memory_limit_mb, memoryLimitInMB: ctx.memory_limit_mb,
    invoked_function_arn: 'arn:aws:lambda:local:000000000000:function:' + name,
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:' + name,
    get_remaining_time_in_millis: remaining, getRemainingTimeInMillis: remaining,
    callbackWaitsForEmptyEventLoop: false,
    done: noop, fail: noop, succeed: noop,
    fastfn: ctx,
  };
}

const DROPPED_REQUEST_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'expect', 'keep-alive']);

function cloudflareRequest(event) {
  const headers = event.headers || {};
  const proto = headers['x-forwarded-proto'] || 'http';
  const host = headers.host || '127.0.0.1';
  const url = `${proto}://${host}${event.raw_path || event.path || '/'}`;
  const method = event.method || 'GET';
  const h = new Headers();
  for (const [k, v] of Object.entries(headers)) {
    if (DROPPED_REQUEST_HEADERS.has(k.toLowerCase())) continue;
    try {
      if (Array.isArray(v)) for (const item of v) h.append(k, String(item));
      else h.set(k, String(v));
    } catch (e) {
      // a header value fetch refuses; the handler still sees it in event.headers
    }
  }
  const init = { method, headers: h };
  if (method !== 'GET' && method !== 'HEAD') {
    if (event.is_base64 === true && typeof event.body_base64 === 'string') init.body = Buffer.from(event.body_base64, 'base64');
    else if (typeof event.body === 'string') init.body = event.body;
  }
  return new Request(url, init);
}

const cloudflareContext = {
  waitUntil(p) {
    Promise.resolve(p).catch((e) => log('wait_until_rejection: ' + ((e && e.stack) || String(e))));
  },
  passThroughOnException() {},
};

// ------------------------------------------------------------------------------------------------
// loading

const fn = { name: '', key: '', error: undefined, invoke: undefined };

function describe(err) {
  if (err instanceof ContractError) return err.message;
  if (err instanceof Error) {
    let msg = err.name + (err.message ? ': ' + err.message : '');
    if (err instanceof SyntaxError && typeof err.stack === 'string') {
      const where = /^(\/[^\n]*?):(\d+)\s*$/m.exec(err.stack);
      if (where) msg += ` (${path.basename(where[1])}:${where[2]})`;
    }
    return msg;
  }
  return String(err);
}

// `load` and `resolveHandler` run once per process, during a cold start. V8 compiles a function on
// its first call unless it is a parenthesized function expression, which it compiles with the
// script: compiling `load` took about 0.2 ms of each cold start, after the spare's idle spell.
const resolveHandler = (function resolveHandler(mod, name, adapter) {
  const dflt = mod !== null && mod !== undefined ? mod.default : undefined;
  if (adapter === 'cloudflare-worker') {
    if (mod && typeof mod.fetch === 'function') return [mod.fetch, mod];
    if (dflt && typeof dflt.fetch === 'function') return [dflt.fetch, dflt];
    if (mod && typeof mod[name] === 'function') return [mod[name], mod];
    throw new ContractError('cloudflare-worker adapter requires fetch(request, env, ctx)');
  }
  if (mod && typeof mod[name] === 'function' && mod[name] !== mod) return [mod[name], mod];
  if (dflt && typeof dflt[name] === 'function') return [dflt[name], dflt];
  if (name === 'handler') {
    if (typeof mod === 'function') return [mod, undefined];
    if (typeof dflt === 'function') return [dflt, mod];
  }
  throw new ContractError(`${name}(event) is required`);
});

function findEsbuild(dir, paths) {
  const roots = [dir];
  for (const p of paths) roots.push(p, path.dirname(p));
  try {
    return require(require.resolve('esbuild', { paths: roots }));
  } catch (e) {
    throw new ContractError(
      'TypeScript function requires esbuild. Add shared_deps: ["ts_pack"] or add esbuild to package.json.');
  }
}

function registerTypeScript(esbuild) {
  Module._extensions['.ts'] = function compileTs(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const out = esbuild.transformSync(source, {
      loader: 'ts', format: 'cjs', target: 'node18', sourcefile: filename, sourcemap: 'inline',
    });
    module._compile(out.code, filename);
  };
}

function makeInvoker(handler, self, adapter) {
  if (adapter === 'aws-lambda') {
    return (event) => {
      const levent = lambdaEvent(event);
      const lctx = lambdaContext(event);
      if (handler.length < 3) return handler.call(self, levent, lctx);
      return new Promise((resolve, reject) => {
        let settled = false;
        const settle = (err, value) => {
          if (settled) return;
          settled = true;
          if (err) reject(err); else resolve(value);
        };
        let ret;
        try {
          ret = handler.call(self, levent, lctx, settle);
        } catch (e) {
          settle(e);
          return;
        }
        if (ret !== undefined) Promise.resolve(ret).then((v) => settle(null, v), (e) => settle(e));
      });
    };
  }
  if (adapter === 'cloudflare-worker') {
    return (event) => handler.call(self, cloudflareRequest(event), event.env || {}, cloudflareContext);
  }
  // Direct params: always pass them; a handler declared (event) ignores the extra argument, and
  // (event, { id } = {}) still gets them, unlike a fn.length check.
  return (event) => handler.call(self, event, event.params || {});
}

// D9: fn.env.json / fn.config.json and fastfn's own state are not for handlers to read; the values a
// handler may see arrive in event.env and process.env. A guard against accidents and casual reads
// of the common fs entry points, not a security boundary.
function guardFiles() {
  const fs = require('fs');
  const protectedPath = (p) => {
    if (typeof p !== 'string' && !(p instanceof URL) && !Buffer.isBuffer(p)) return false;
    const full = path.resolve(p instanceof URL ? p.pathname : String(p));
    const base = path.basename(full);
    return base === 'fn.env.json' || base === 'fn.config.json' || full.includes(`${path.sep}.fastfn${path.sep}state${path.sep}`);
  };
  const denied = (p) => Object.assign(new Error(`EACCES: fastfn: platform file is not readable by handlers, open '${p}'`),
    { code: 'EACCES', errno: -13, syscall: 'open', path: String(p) });
  for (const name of ['openSync', 'readFileSync', 'createReadStream']) {
    const real = fs[name];
    fs[name] = function guarded(p, ...rest) { if (protectedPath(p)) throw denied(p); return real.call(this, p, ...rest); };
  }
  for (const name of ['open', 'readFile']) {
    const real = fs[name];
    fs[name] = function guarded(p, ...rest) {
      if (protectedPath(p)) {
        const cb = rest[rest.length - 1];
        if (typeof cb === 'function') { process.nextTick(cb, denied(p)); return undefined; }
        throw denied(p);
      }
      return real.call(this, p, ...rest);
    };
  }
  for (const name of ['open', 'readFile']) {
    const real = fs.promises[name];
    fs.promises[name] = function guarded(p, ...rest) {
      return protectedPath(p) ? Promise.reject(denied(p)) : real.call(this, p, ...rest);
    };
  }
}

const ADAPTERS = new Set(['native', 'aws-lambda', 'cloudflare-worker']);

const load = (function load(msg) { // compiled with the script (see resolveHandler)
  fn.name = msg.name || '';
  fn.key = msg.key || '';
  const dir = msg.dir;
  const entry = msg.entry;
  const paths = Array.isArray(msg.paths) ? msg.paths.filter((p) => typeof p === 'string') : [];
  try {
    process.chdir(dir);
    if (msg.env && typeof msg.env === 'object') { // the complete environment: replace, do not merge
      for (const k of Object.keys(START_ENV)) if (!Object.hasOwn(msg.env, k)) delete process.env[k];
      for (const [k, v] of Object.entries(msg.env)) {
        const s = String(v);
        if (START_ENV[k] !== s) process.env[k] = s; // a spare has most of it already; each set is a setenv
      }
    }
    if (paths.length) {
      process.env.NODE_PATH = paths.concat(process.env.NODE_PATH ? [process.env.NODE_PATH] : []).join(path.delimiter);
      Module._initPaths();
    }
    // Before the require: a mistyped adapter or handler name fails every call with its cause.
    const adapter = msg.adapter || 'native';
    if (!ADAPTERS.has(adapter)) throw new ContractError(`invoke.adapter unsupported: ${adapter}`);
    const handlerName = msg.handler || 'handler';
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(handlerName)) throw new ContractError('invoke.handler must be a valid identifier');
    if (entry.endsWith('.ts')) registerTypeScript(findEsbuild(dir, paths));
    const mod = require(entry);
    const [handler, self] = resolveHandler(mod, handlerName, adapter);
    if (msg.adapter === 'cloudflare-worker') void globalThis.Request; // load fetch now, not on the first call
    fn.invoke = makeInvoker(handler, self, adapter);
  } catch (err) {
    fn.error = describe(err);
    log(`failed to load ${entry}:\n${(err && err.stack) || String(err)}`);
  }
  send(fn.error === undefined ? { type: 'loaded', ok: true } : { type: 'loaded', ok: false, error: fn.error });
});

// ------------------------------------------------------------------------------------------------
// calls

const pending = new Map(); // id -> true while the handler runs

// A spare's warm-up call (see warm()): goes the whole way except the write.
const WARM_ID = 'warm';

function finish(id, cap, reply) {
  if (!pending.delete(id)) return; // cancelled: the gateway already gave up
  if (id === WARM_ID) {
    JSON.stringify(reply);
    return;
  }
  reply.id = id;
  if (cap[0].length) reply.stdout = cap[0].join('');
  if (cap[1].length) reply.stderr = cap[1].join('');
  send(reply);
}

function fail(id, cap, err) {
  if (!(err instanceof ContractError)) log(`handler error in ${fn.key}:\n${(err && err.stack) || String(err)}`);
  finish(id, cap, { status: err instanceof ContractError ? err.status : 500, error: describe(err) });
}

function runCall(id, event, cap, invoker = fn.invoke) {
  let result;
  try {
    result = invoker(event);
  } catch (err) {
    fail(id, cap, err);
    return;
  }
  if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
    Promise.resolve(result).then((v) => settle(id, cap, v), (err) => fail(id, cap, err));
  } else {
    settle(id, cap, result);
  }
}

function settle(id, cap, value) {
  let reply;
  try {
    reply = normalize(value);
  } catch (err) {
    fail(id, cap, err);
    return;
  }
  if (reply instanceof Promise) reply.then((r) => finish(id, cap, r), (err) => fail(id, cap, err));
  else finish(id, cap, reply);
}

function invoke(msg) {
  const id = msg.id;
  if (fn.error !== undefined) return send({ id, status: 500, error: fn.error });
  if (fn.invoke === undefined) return send({ id, status: 500, error: 'no function loaded in this worker' });
  const event = msg.event !== null && typeof msg.event === 'object' ? msg.event : {};
  const cap = [[], []];
  pending.set(id, true);
  capture.run(cap, runCall, id, event, cap);
}

function cancel(id) {
  // A promise cannot be preempted; answering proves the loop is responsive, and the late result
  // is dropped by finish().
  if (pending.delete(id)) send({ type: 'cancelled', id });
}

// Sent by the gateway to a new spare: one call through a built-in handler, so that the code a
// function's first call runs (frame reading, async context, normalizing) is compiled while the
// spare waits, not during that call. Never answered.
function warm() {
  const cap = [[], []];
  pending.set(WARM_ID, true);
  const invoker = makeInvoker(async (event) => ({ status: 200, body: { warm: event.path } }), undefined, 'native');
  capture.run(cap, runCall, WARM_ID, { method: 'GET', path: '/', query: {}, headers: {}, body: '' }, cap, invoker);
}

function handle(msg) {
  switch (msg.type) {
    case 'invoke': invoke(msg); break;
    case 'cancel': cancel(msg.id); break;
    case 'load': load(msg); break;
    case 'warm': warm(); break;
    default: log('unknown message type ' + JSON.stringify(msg.type));
  }
}

// ------------------------------------------------------------------------------------------------
// frame reader: chunks are kept in a list and joined once per frame (no quadratic concat)

const chunks = [];
let buffered = 0;
let need = -1;

function take(n) {
  const first = chunks[0];
  if (first.length >= n) {
    const out = first.subarray(0, n);
    if (first.length === n) chunks.shift(); else chunks[0] = first.subarray(n);
    buffered -= n;
    return out;
  }
  const out = Buffer.allocUnsafe(n);
  let off = 0;
  while (off < n) {
    const c = chunks[0];
    const k = Math.min(c.length, n - off);
    c.copy(out, off, 0, k);
    off += k;
    if (k === c.length) chunks.shift(); else chunks[0] = c.subarray(k);
  }
  buffered -= n;
  return out;
}

function drain() {
  for (;;) {
    if (need < 0) {
      if (buffered < 4) return;
      need = take(4).readUInt32BE(0);
      if (need <= 0 || need > MAX_IN) {
        log(`invalid frame length ${need}; exiting`);
        process.exit(2);
      }
    }
    if (buffered < need) return;
    const payload = take(need);
    need = -1;
    handle(JSON.parse(payload.toString('utf8')));
  }
}

const input = PROTO_IN === 0 ? process.stdin : new (require('net').Socket)({ fd: PROTO_IN, readable: true, writable: false });
input.on('data', (chunk) => {
  chunks.push(chunk);
  buffered += chunk.length;
  drain();
});
input.on('end', () => process.exit(0));
input.on('error', (err) => {
  log('protocol input failed: ' + err.message);
  process.exit(1);
});
// A spare waits after 'ready'; what every load needs anyway is paid for here, not on a cold start:
// fs.promises is loaded lazily by Node (~2-3 ms), and the guard (the same for every function) takes
// about 0.15 ms after an idle spell.
void fs.promises;
guardFiles();
send({ type: 'ready', runtime: 'node', pid: process.pid, executable: process.execPath, version: process.versions.node });
