import { readsOwnLinesOnly } from '@mandate/authz/self-service';
import { APPS, type App } from '@mandate/domain/profiles';
import { mayAtCustomer, type AppAbility } from './ability.ts';

/** The apps in the order the navigation and the home page show them. */
export const APP_ORDER: readonly App[] = APPS;

export function isApp(value: string | undefined): value is App {
  return value !== undefined && (APPS as readonly string[]).includes(value);
}

/**
 * The apps the portal has. Rights to the others can be granted ahead of their arrival, but they
 * are not offered in the navigation or on the home page until they exist.
 */
export const BUILT_APPS: readonly App[] = ['user-management', 'invoices', 'insights', 'fleet-manager', 'mobile'];

export function isBuiltApp(app: App): boolean {
  return BUILT_APPS.includes(app);
}

/** The apps to offer a user: those he may use that the portal has. */
export function offeredApps(apps: readonly App[]): App[] {
  return apps.filter(isBuiltApp);
}

/**
 * Where an app lives (only the apps the portal has are ever linked to). Mobile-number management is
 * the fleet's SIM cards (MOB-1), or, to a user who reads only his own lines, his line (self-service).
 */
export function appPath(customerId: string, app: App, ability: AppAbility): string {
  if (app === 'user-management') return `/customers/${customerId}/users`;
  if (app === 'invoices' || app === 'insights') return `/customers/${customerId}/${app}`;
  if (app === 'fleet-manager') return `/customers/${customerId}/fleet`;
  if (app === 'mobile') return readsOwnLinesOnly(ability, customerId) ? `/customers/${customerId}/my-line` : `/customers/${customerId}/fleet`;
  return `/customers/${customerId}`;
}

/** The key of an app's name: to an end user, mobile-number management is his line. */
export function appNameKey(customerId: string, app: App, ability: AppAbility): `app.${App}` | 'app.myLine' {
  return app === 'mobile' && readsOwnLinesOnly(ability, customerId) ? 'app.myLine' : `app.${app}`;
}

/** The key of an app's description on the home page: an end user's is about his own line. */
export function appDescriptionKey(customerId: string, app: App, ability: AppAbility): `appDescription.${App}` | 'appDescription.myLine' | 'appDescription.myLineUsage' {
  if (!readsOwnLinesOnly(ability, customerId)) return `appDescription.${app}`;
  // An end user reads his own line's usage and charges there, not the company's invoices (ROLE-5).
  if (app === 'invoices') return 'appDescription.myLineUsage';
  return app === 'mobile' ? 'appDescription.myLine' : `appDescription.${app}`;
}

/**
 * Usage is part of My invoice online for whoever holds the app, and for a Service User reading his
 * own line (ROLE-5). A fleet manager reads his SIMs' usage on their pages (PFM-3): the app itself
 * is not his (ROLE-4), so it is not offered to him.
 */
export function readsUsageInInvoices(ability: AppAbility, customerId: string, apps: readonly App[]): boolean {
  return mayAtCustomer(ability, 'read', 'Usage', customerId) && (apps.includes('invoices') || readsOwnLinesOnly(ability, customerId));
}

/**
 * The apps the navigation offers: those offered, and My invoice online to a user who reads only
 * his own lines, without holding the app (a Service User reads his own line's usage, ROLE-5).
 * Decided by the ability's rules, never by a profile.
 */
export function navigationApps(apps: readonly App[], ability: AppAbility, customerId: string): App[] {
  // Fleet Manager's pages are the fleet's SIM cards, which is where mobile-number management leads a manager too.
  const offered = offeredApps(apps).filter((app) => app !== 'mobile' || !apps.includes('fleet-manager') || readsOwnLinesOnly(ability, customerId));
  if (offered.includes('invoices')) return offered;
  return readsUsageInInvoices(ability, customerId, apps) ? APP_ORDER.filter((app) => app === 'invoices' || offered.includes(app)) : offered;
}
