import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const WEB_DIR = fileURLToPath(new URL('../../web', import.meta.url));
const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
export const chromiumPath = CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;

/**
 * Builds the web bundle into `outDir` (not web/dist, which the browser tests of other work use),
 * holding the machine's web-build lock as every build here does. Answers the build's seconds.
 */
export function buildWeb(outDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn('flock', ['/tmp/web-build.lock', 'npx', 'vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: WEB_DIR, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0 && existsSync(`${outDir}/index.html`)) resolve((performance.now() - started) / 1000);
      else reject(new Error(`the web build failed (code ${code}): ${output.trim().slice(-1500)}`));
    });
  });
}

export interface LongTask {
  start: number;
  duration: number;
}

export interface ScrollResult {
  /** Rows the table held at the end (data-loaded). */
  rowsLoaded: number;
  /** Whether the table said every matching SIM was loaded and the scroller reached its end. */
  reachedEnd: boolean;
  scrollSeconds: number;
  frames: number;
  /** The longest gap between two animation frames during the scroll (ms). */
  maxFrameGapMs: number;
  /** Frames whose gap to the previous one exceeded 50 ms. */
  slowFrames: number;
  /** Long tasks (> 50 ms on the main thread) while scrolling. */
  longTasks: LongTask[];
  /** Long tasks before the scroll: loading the app and the first page. */
  loadLongTasks: LongTask[];
  /** Sign-in to the first page of the table drawn (s). */
  loadSeconds: number;
}

type ScrollRun = Omit<ScrollResult, 'longTasks' | 'loadLongTasks' | 'loadSeconds'> & { startedAt: number; endedAt: number };

// The code that runs in the page is plain text: functions compiled here would carry the
// transpiler's helpers (e.g. __name), which the page does not have.

/** Before the app's scripts: English texts, and every long task (> 50 ms on the main thread) recorded. */
const INIT_SCRIPT = `
  localStorage.setItem('mandate.language', 'en');
  window.__benchLongTasks = [];
  new PerformanceObserver(function (list) {
    for (const e of list.getEntries()) window.__benchLongTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * Scrolls the fleet table at a constant `rowsPerSecond`, as a person scrolling on without pause: at
 * each animation frame the position moves by the time since the previous frame (at most 100 ms of
 * it, so that one slow frame is not skipped over), held at the end of the loaded rows until the
 * next page is there. Ends when the scroller is at its end and the table has no more pages (its
 * "load more" button is there as long as the server has more), or after `timeoutMs`.
 */
const SCROLL_SCRIPT = `function (options) {
  return new Promise(function (resolve) {
    const scroller = document.querySelector('[data-testid="fleet-scroller"]');
    const loaded = function () { return Number(document.querySelector('[data-testid="fleet-table"]')?.getAttribute('data-loaded') ?? 0); };
    const rowHeight = document.querySelector('[data-testid="fleet-row"]')?.offsetHeight || 44;
    const pxPerMs = options.rowsPerSecond * rowHeight / 1000;
    const startedAt = performance.now();
    let position = scroller.scrollTop;
    let last = startedAt;
    let frames = 0;
    let maxFrameGapMs = 0;
    let slowFrames = 0;
    function tick(now) {
      frames++;
      const gap = now - last;
      last = now;
      maxFrameGapMs = Math.max(maxFrameGapMs, gap);
      if (gap > 50) slowFrames++;
      const bottom = scroller.scrollHeight - scroller.clientHeight;
      position = Math.min(position + Math.min(gap, 100) * pxPerMs, bottom);
      scroller.scrollTop = position;
      const atEnd = position >= bottom - 2;
      const more = document.querySelector('[data-testid="fleet-load-more"]') !== null;
      const reachedEnd = atEnd && !more;
      if (reachedEnd || now - startedAt > options.timeoutMs) {
        resolve({ rowsLoaded: loaded(), reachedEnd: reachedEnd, scrollSeconds: (now - startedAt) / 1000, frames: frames, maxFrameGapMs: maxFrameGapMs, slowFrames: slowFrames, startedAt: startedAt, endedAt: now });
        return;
      }
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  });
}`;

/**
 * Opens the fleet table of `customerId` as `email` in Debian's Chromium (1400×900) and scrolls it to
 * the end at `rowsPerSecond`, while the table loads its
 * keyset pages as the scroll nears their end; long tasks are collected by a PerformanceObserver
 * registered before the app's scripts. Stops at the end of the data or after `timeoutMs`.
 */
export async function scrollFleet(options: {
  baseUrl: string; email: string; password: string; customerId: string; rowsPerSecond: number; timeoutMs: number;
}): Promise<ScrollResult> {
  if (!chromiumPath) throw new Error('Chromium is not installed (apt-get install chromium)');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const loadStart = performance.now();
    await page.goto(`${options.baseUrl}/login`);
    await page.getByTestId('login-email').fill(options.email);
    await page.getByTestId('login-password').fill(options.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-profile').waitFor({ timeout: 30_000 });
    await page.goto(`${options.baseUrl}/customers/${options.customerId}/fleet`);
    await page.getByTestId('fleet-table').waitFor({ timeout: 60_000 });
    await page.waitForFunction(`Number(document.querySelector('[data-testid="fleet-table"]')?.getAttribute('data-loaded') ?? 0) > 0`, undefined, { timeout: 60_000 });
    const loadSeconds = (performance.now() - loadStart) / 1000;
    // Let the first render settle, so that the scroll starts from a page at rest.
    await page.waitForTimeout(1000);

    const run = await page.evaluate<ScrollRun>(`(${SCROLL_SCRIPT})(${JSON.stringify({ rowsPerSecond: options.rowsPerSecond, timeoutMs: options.timeoutMs })})`);

    // Long-task entries are delivered asynchronously: give the observer a moment.
    await page.waitForTimeout(500);
    const all = await page.evaluate<LongTask[]>('window.__benchLongTasks');
    if (errors.length > 0) throw new Error(`the page threw: ${errors.slice(0, 3).join(' | ')}`);
    const { startedAt, endedAt, ...rest } = run;
    return {
      ...rest,
      longTasks: all.filter((t) => t.start + t.duration >= startedAt && t.start <= endedAt),
      loadLongTasks: all.filter((t) => t.start + t.duration < startedAt),
      loadSeconds,
    };
  } finally {
    await browser.close();
  }
}
