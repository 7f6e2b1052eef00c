import { APPS, type App } from '@mandate/domain/profiles';

/** The apps in the order the navigation and the home page show them. */
export const APP_ORDER: readonly App[] = APPS;

export function isApp(value: string | undefined): value is App {
  return value !== undefined && (APPS as readonly string[]).includes(value);
}

/** Where an app lives: user management is built; the other apps have a landing page for now. */
export function appPath(customerId: string, app: App): string {
  return app === 'user-management' ? `/customers/${customerId}/users` : `/customers/${customerId}/apps/${app}`;
}
