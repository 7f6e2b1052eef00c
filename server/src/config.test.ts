import path from 'node:path';
import os from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, REPO_ROOT, loadConfig } from './config.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mandate-config-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('configuration from the environment', () => {
  it('defaults: port 3000, PGlite under the data dir, the SPA of the repository, whatever the working directory', async () => {
    const { config } = await loadConfig({ MANDATE_DATA_DIR: dir, INIT_CWD: '/' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.webDist).toBe(path.join(REPO_ROOT, 'web/dist'));
    expect(Object.isFrozen(config)).toBe(true);
    // No SMTP server → mails stay in the outbox (development mailbox).
    expect(config.smtpUrl).toBeUndefined();
    expect(config.mailFrom).toBe('Mandate <no-reply@mandate.test>');
    expect(config).toMatchObject({ shutdownGraceMs: 10_000, maxEventLoopDelayMs: 1000, requestTimeoutMs: 30_000 });
  });

  it('trusts no proxy unless TRUST_PROXY names them (addresses, CIDRs) or counts the hops', async () => {
    const trust = async (value?: string) => (await loadConfig({ MANDATE_DATA_DIR: dir, ...(value === undefined ? {} : { TRUST_PROXY: value }) })).config.trustProxy;
    expect(await trust()).toBe(false);
    expect(await trust('')).toBe(false);
    expect(await trust('0')).toBe(false);
    expect(await trust('2')).toBe(2);
    expect(await trust('10.0.0.1, 192.168.0.0/16,fd00::/8, loopback')).toEqual(['10.0.0.1', '192.168.0.0/16', 'fd00::/8', 'loopback']);
  });

  it('gives token refreshes their own budget per address (REFRESH_MAX_PER_IP, default 600)', async () => {
    expect((await loadConfig({ MANDATE_DATA_DIR: dir })).config).toMatchObject({ refreshMaxPerIp: 600, loginMaxPerIp: 30 });
    expect((await loadConfig({ MANDATE_DATA_DIR: dir, REFRESH_MAX_PER_IP: '5000' })).config.refreshMaxPerIp).toBe(5000);
  });

  it('generates a secret on first start, keeps it in the data dir, and says so', async () => {
    const first = await loadConfig({ MANDATE_DATA_DIR: dir });
    const second = await loadConfig({ MANDATE_DATA_DIR: dir });
    expect(first.config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.config.jwtSecret).toBe(first.config.jwtSecret);
    expect(second.notes).toEqual([]);
  });

  it('takes PUBLIC_URL without its trailing slash; unset outside production', async () => {
    expect((await loadConfig({ MANDATE_DATA_DIR: dir, PUBLIC_URL: 'https://portal.example.test/mandate/' })).config.publicUrl).toBe('https://portal.example.test/mandate');
    expect((await loadConfig({ MANDATE_DATA_DIR: dir })).config.publicUrl).toBeUndefined();
    const production = await loadConfig({ MANDATE_DATA_DIR: dir, NODE_ENV: 'production', MANDATE_JWT_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://portal.example.test', ZOOMIT_WEBHOOK_SECRET: 'z'.repeat(32) });
    expect(production.config.publicUrl).toBe('https://portal.example.test');
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ NODE_ENV: 'production' }, /MANDATE_JWT_SECRET is required/],
    [{ NODE_ENV: 'production', MANDATE_JWT_SECRET: 'x'.repeat(32) }, /PUBLIC_URL is required in production/],
    [{ NODE_ENV: 'production', MANDATE_JWT_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://portal.example.test' }, /ZOOMIT_WEBHOOK_SECRET is required in production/],
    [{ PUBLIC_URL: 'portal.example.test' }, /PUBLIC_URL/],
    [{ PUBLIC_URL: 'ftp://portal.example.test' }, /PUBLIC_URL/],
    [{ PUBLIC_URL: 'https://portal.example.test/?next=evil' }, /PUBLIC_URL/],
    [{ MANDATE_JWT_SECRET: 'short' }, /at least 32/],
    [{ ACCESS_TOKEN_TTL_SECONDS: '3600' }, /ACCESS_TOKEN_TTL_SECONDS/],
    [{ SMTP_URL: 'http://mail.example.test' }, /SMTP_URL/],
    [{ MAIL_SEND_INTERVAL_MS: '-1' }, /MAIL_SEND_INTERVAL_MS/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.1/33' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.300' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '11' }, /TRUST_PROXY/],
    [{ REFRESH_MAX_PER_IP: '0' }, /REFRESH_MAX_PER_IP/],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, /SHUTDOWN_GRACE_MS/],
    [{ MAX_EVENT_LOOP_DELAY_MS: '-5' }, /MAX_EVENT_LOOP_DELAY_MS/],
    [{ REQUEST_TIMEOUT_MS: '1.5' }, /REQUEST_TIMEOUT_MS/],
  ])('refuses %o', async (env, message) => {
    await expect(loadConfig({ MANDATE_DATA_DIR: dir, ...env })).rejects.toThrow(ConfigError);
    await expect(loadConfig({ MANDATE_DATA_DIR: dir, ...env })).rejects.toThrow(message);
  });
});
