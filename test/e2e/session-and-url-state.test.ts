import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { en } from '../../web/src/lib/i18n/en.ts';
import { chromiumPath, launchBrowser, pick, saveScreenshots, signIn, startBrowserApp, webDist } from '../support/browser.ts';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  // Real time: these tests reload pages, and the browser drops a refresh cookie whose expiry (from the app's clock) lies in its past.
  t.clock.set(new Date());
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!chromiumPath)('browser: too many sign-ins', () => {
  it('past the per-account limit the form says there were too many attempts, not that the server is busy', { timeout: 60_000 }, async () => {
    const strict = await startTestApp({ config: { webDist, loginMaxPerAccount: 2 } });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      for (let attempt = 0; attempt < 3; attempt++) {
        await page.goto(`${strict.url}/login`);
        await page.getByTestId('login-email').fill('finance@acme.test');
        await page.getByTestId('login-password').fill('not the password');
        await page.getByTestId('login-submit').click();
        await page.getByTestId('login-error').waitFor();
      }
      const alert = await page.getByTestId('login-error').innerText();
      expect(alert).toContain(en['error.tooMany.title']);
      expect(alert).not.toContain(en['error.busy.title']);
    } finally {
      await context.close();
      await strict.close();
    }
  });
});

describe.skipIf(!chromiumPath)('browser: session restore and list state in the URL', () => {
  it('an anonymous visit to /login sends no refresh request; a signed-in reload restores the session with one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refreshes: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/auth/refresh')) refreshes.push(request.method());
    });
    try {
      await page.goto(`${t.url}/login`);
      await page.getByTestId('login-email').waitFor();
      await page.goto(`${t.url}/profile`);
      await page.waitForURL(/\/login/);
      await page.getByTestId('login-email').waitFor();
      expect(refreshes).toEqual([]);

      await signIn(page, t.url, 'owner@acme.test');
      await page.reload();
      await page.getByTestId('nav-profile').waitFor();
      expect(refreshes).toEqual(['POST']);

      // Signed out, the next visit is anonymous again: no refresh.
      await page.getByTestId('user-menu').click();
      await page.getByTestId('sign-out').click();
      await page.waitForURL(/\/login/);
      await page.goto(`${t.url}/login`);
      await page.getByTestId('login-email').waitFor();
      expect(refreshes).toEqual(['POST']);
    } catch (error) {
      await saveScreenshots('session-refresh', context);
      throw error;
    } finally {
      await context.close();
    }
  });

  it('the users list keeps its filters and sort in the URL: they survive a reload and a shared link opens the same view', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signIn(page, t.url, 'owner@acme.test');
      await page.getByTestId('nav-user-management').click();
      await page.getByTestId('users-table').waitFor();
      await pick(page, 'filter-profile', 'Access Manager');
      // The filtered list first, then the sort: a click on a header the refetch is replacing can be lost.
      await expect.poll(() => new URL(page.url()).searchParams.get('profile')).toBe('access_manager');
      await expect.poll(() => page.getByTestId('users-table').getByText('employee@acme.test').count()).toBe(0);
      await page.getByTestId('sort-email').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('email:asc');
      expect(new URL(page.url()).searchParams.get('profile')).toBe('access_manager');
      await expect.poll(() => page.getByTestId('users-table').getByText('manager@acme.test').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('users-table').getByText('employee@acme.test').count()).toBe(0);

      const shared = page.url();
      await page.reload();
      // A reload and a new tab each restore the session and load the page's code first: more than the poll's default second.
      await expect.poll(() => page.getByTestId('users-table').getByText('manager@acme.test').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await page.getByTestId('users-table').getByText('employee@acme.test').count()).toBe(0);
      expect(await page.getByTestId('filter-profile').inputValue()).toBe('Access Manager');

      const other = await context.newPage();
      await other.goto(shared);
      await expect.poll(() => other.getByTestId('users-table').getByText('manager@acme.test').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await other.getByTestId('users-table').getByText('employee@acme.test').count()).toBe(0);
    } catch (error) {
      await saveScreenshots('users-url-state', context);
      throw error;
    } finally {
      await context.close();
    }
  });
});
