import { APPS, type App } from '@mandate/domain/profiles';

/** The apps in the order the navigation and the home page show them. */
export const APP_ORDER: readonly App[] = APPS;

export function isApp(value: string | undefined): value is App {
  return value !== undefined && (APPS as readonly string[]).includes(value);
}

/**
 * The apps the portal has. Rights to the others can be granted ahead of their arrival, but they
 * are not offered in the navigation or on the home page until they exist.
 */
export const BUILT_APPS: readonly App[] = ['user-management'];

export function isBuiltApp(app: App): boolean {
  return BUILT_APPS.includes(app);
}

/** The apps to offer a user: those he may use that the portal has. */
export function offeredApps(apps: readonly App[]): App[] {
  return apps.filter(isBuiltApp);
}

/** Where an app lives (only the apps the portal has are ever linked to). */
export function appPath(customerId: string, app: App): string {
  return app === 'user-management' ? `/customers/${customerId}/users` : `/customers/${customerId}`;
}
