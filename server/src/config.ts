import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: default paths do not depend on the directory a script runs in. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A path from the environment is relative to where the command was typed (pnpm keeps it in INIT_CWD). */
function resolvePath(env: NodeJS.ProcessEnv, value: string | undefined, fallback: string): string {
  if (!value) return path.join(REPO_ROOT, fallback);
  return path.resolve(env.INIT_CWD || process.cwd(), value);
}

/** One typed, validated, frozen configuration, from the environment only (DESIGN.md §13). */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  loginMaxPerIp: number;
  loginMaxPerAccount: number;
  loginWindowSeconds: number;
  /** Token refreshes per client address within the sign-in window (a signed-in tab refreshes on every load). */
  refreshMaxPerIp: number;
  /**
   * The proxies whose X-Forwarded-For / -Proto / -Host are believed (Fastify's `trustProxy`): their
   * addresses or CIDRs, or the number of proxy hops in front of the server. false: none, the client
   * address is the TCP peer (anyone could forge the headers).
   */
  trustProxy: false | number | string[];
  webDist: string | undefined;
  logLevel: string;
  seedOnEmpty: boolean;
  /** Mail: the SMTP server the outbox is sent through; unset → mails stay in the outbox (development mailbox). */
  smtpUrl: string | undefined;
  /** The From of every mail. */
  mailFrom: string;
  /** How often the sender looks for due mails (ms); 0: no timer (tests call sendPendingMail). */
  mailSendIntervalMs: number;
  /**
   * The portal's address as users reach it (e.g. https://portal.example), for the links in mails;
   * no trailing slash. Unset: the request's own origin (outside production only).
   */
  publicUrl: string | undefined;
  /** After SIGTERM/SIGINT: how long requests in flight may take to finish before the process exits (ms). */
  shutdownGraceMs: number;
  /** Past this event-loop delay (ms) the server answers 503 with Retry-After instead of queueing more work. */
  maxEventLoopDelayMs: number;
  /** A request whose headers and body have not all arrived within this many ms is answered 408 (Fastify's requestTimeout; 0: no limit). */
  requestTimeoutMs: number;
  /** The most rows one export request may hold (larger: 422 export_too_large, narrow the filters). */
  exportMaxRows: number;
  /** The secret Zoomit signs its webhooks with (HMAC-SHA256 over "<timestamp>.<body>"). */
  zoomitWebhookSecret: string;
  /** How long a Zoomit webhook's timestamp stays acceptable (seconds, either side of now): older ones are replays. */
  zoomitWebhookToleranceSeconds: number;
  /** How often the invoice-delivery sender looks for due deliveries (ms); 0: no timer. */
  deliverySendIntervalMs: number;
}

/** The most rows one export holds unless EXPORT_MAX_ROWS says otherwise. */
export const DEFAULT_EXPORT_MAX_ROWS = 1_000_000;

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  return n;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T)) throw new ConfigError(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
  return raw as T;
}

/** An http(s) URL without query or fragment, and without its trailing slash. */
function publicUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.PUBLIC_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an http:// or https:// URL (got "${raw}")`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`PUBLIC_URL must be an http:// or https:// URL without query, fragment or credentials (got "${raw}")`);
  }
  return url.href.replace(/\/+$/, '');
}

/** TRUST_PROXY: empty (none), a hop count, or comma-separated addresses / CIDRs / proxy-addr names. */
function trustProxy(env: NodeJS.ProcessEnv): false | number | string[] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return false;
  if (/^\d+$/.test(raw)) return int(env, 'TRUST_PROXY', 0, 0, 10) || false;
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const validPrefix = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(entry);
    if (!named && (family === 0 || !validPrefix || rest.length > 0)) {
      throw new ConfigError(`TRUST_PROXY must be a hop count or comma-separated proxy addresses or CIDRs (got "${entry}")`);
    }
  }
  return entries;
}

/** Reads a secret from the environment, or from (or into) the data directory on first start. */
async function secret(env: NodeJS.ProcessEnv, name: string, dataDir: string, notes: string[]): Promise<string> {
  const raw = env[name];
  if (raw) {
    if (raw.length < 32) throw new ConfigError(`${name} must be at least 32 characters`);
    return raw;
  }
  const file = path.join(dataDir, 'secrets', name.toLowerCase());
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const value = randomBytes(48).toString('base64url');
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, value, { mode: 0o600 });
    notes.push(`${name} was not set: generated one and kept it in ${file}`);
    return value;
  }
}

export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<{ config: Readonly<Config>; notes: string[] }> {
  const notes: string[] = [];
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const dataDir = resolvePath(env, env.MANDATE_DATA_DIR, '.data');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL');
  if (nodeEnv === 'production' && !env.MANDATE_JWT_SECRET) throw new ConfigError('MANDATE_JWT_SECRET is required in production');
  // In production the links in mails never come from a request's Host header, which a client chooses.
  if (nodeEnv === 'production' && !env.PUBLIC_URL) throw new ConfigError('PUBLIC_URL is required in production (the address of the portal, for the links in mails)');
  if (nodeEnv === 'production' && !env.ZOOMIT_WEBHOOK_SECRET) throw new ConfigError('ZOOMIT_WEBHOOK_SECRET is required in production (the bank signs its webhooks with it)');
  const config: Config = {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir,
    jwtSecret: await secret(env, 'MANDATE_JWT_SECRET', dataDir, notes),
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 900),
    sessionTtlSeconds: int(env, 'SESSION_TTL_SECONDS', 12 * 3600, 300, 30 * 24 * 3600),
    loginMaxPerIp: int(env, 'LOGIN_MAX_PER_IP', 30, 1, 100_000),
    loginMaxPerAccount: int(env, 'LOGIN_MAX_PER_ACCOUNT', 10, 1, 100_000),
    loginWindowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 600, 1, 86_400),
    refreshMaxPerIp: int(env, 'REFRESH_MAX_PER_IP', 600, 1, 1_000_000),
    trustProxy: trustProxy(env),
    webDist: env.MANDATE_WEB_DIST === '' ? undefined : resolvePath(env, env.MANDATE_WEB_DIST, 'web/dist'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    seedOnEmpty: oneOf(env, 'MANDATE_SEED_ON_EMPTY', ['true', 'false'] as const, 'true') === 'true',
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'Mandate <no-reply@mandate.test>',
    mailSendIntervalMs: int(env, 'MAIL_SEND_INTERVAL_MS', 5000, 0, 3_600_000),
    publicUrl: publicUrl(env),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    maxEventLoopDelayMs: int(env, 'MAX_EVENT_LOOP_DELAY_MS', 1000, 0, 60_000),
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 30_000, 0, 600_000),
    exportMaxRows: int(env, 'EXPORT_MAX_ROWS', DEFAULT_EXPORT_MAX_ROWS, 1, 100_000_000),
    zoomitWebhookSecret: await secret(env, 'ZOOMIT_WEBHOOK_SECRET', dataDir, notes),
    zoomitWebhookToleranceSeconds: int(env, 'ZOOMIT_WEBHOOK_TOLERANCE_SECONDS', 300, 10, 3600),
    deliverySendIntervalMs: int(env, 'DELIVERY_SEND_INTERVAL_MS', 10_000, 0, 3_600_000),
  };
  return { config: Object.freeze(config), notes };
}

/** A configuration for tests and tools: no files written, secrets random per process. */
export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return Object.freeze({
    nodeEnv: 'test',
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: '.data-test',
    jwtSecret: randomBytes(48).toString('base64url'),
    accessTokenTtlSeconds: 900,
    sessionTtlSeconds: 12 * 3600,
    loginMaxPerIp: 1000,
    loginMaxPerAccount: 10,
    loginWindowSeconds: 600,
    refreshMaxPerIp: 1000,
    trustProxy: false,
    webDist: undefined,
    logLevel: 'silent',
    seedOnEmpty: false,
    smtpUrl: undefined,
    mailFrom: 'Mandate <no-reply@mandate.test>',
    mailSendIntervalMs: 0,
    publicUrl: undefined,
    shutdownGraceMs: 10_000,
    maxEventLoopDelayMs: 0,
    requestTimeoutMs: 0,
    exportMaxRows: DEFAULT_EXPORT_MAX_ROWS,
    zoomitWebhookSecret: randomBytes(48).toString('base64url'),
    zoomitWebhookToleranceSeconds: 300,
    deliverySendIntervalMs: 0,
    ...overrides,
  } satisfies Config);
}
