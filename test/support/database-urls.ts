export const TEMPLATE_PREFIX = 'mandate_tpl_';
export const CLONE_PREFIX = 'mandate_t_';

/** The fixed instant the seeded data is made at; tests put their clock after it. */
export const SEED_NOW = new Date('2026-11-02T09:00:00Z');

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The maintenance database on the same server (where CREATE/DROP DATABASE run). */
export function adminUrl(base: string): string {
  return databaseUrl(base, new URL(base).pathname.slice(1) || 'postgres');
}
