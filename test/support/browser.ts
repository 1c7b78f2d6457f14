import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { TestContext } from 'vitest';

/** Debian's `chromium` (scripts/setup.mjs installs it for `--for test`); never a Playwright-downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots of failed tests go (ignored by git). */
export const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts');

/** Fake camera and microphone, permission granted without a prompt, nothing that phones home. */
const CHROMIUM_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One headless Chromium (a persistent context in a fresh profile directory) and the pages opened in it. */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** Opens `url` in a new page; console errors and page errors are kept for failure reports. */
  newPage(url: string): Promise<Page>;
  /** What the pages logged as errors (console `error`, uncaught exceptions), `<page url>: <text>`. */
  readonly errors: string[];
  /** Closes the browser (its pages first) and removes the profile directory. Safe to call twice. */
  close(): Promise<void>;
}

/** Launches headless Chromium with fake media devices in a fresh profile. */
export async function launchBrowser(): Promise<TestBrowser> {
  const dir = await mkdtemp(join(tmpdir(), 'nestjs-janus-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1000, height: 700 },
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const errors: string[] = [];
  let closed: Promise<void> | undefined;
  return {
    context,
    errors,
    async newPage(url) {
      const page = await context.newPage();
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`${page.url()}: ${msg.text()}`);
      });
      page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
      await page.goto(url);
      return page;
    },
    close() {
      closed ??= (async () => {
        try {
          await context.close();
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      })();
      return closed;
    },
  };
}

/**
 * Evaluates a JavaScript expression in the page (awaited when it is a promise) and returns its value. The tests
 * talk to the pages through strings like `"window.demo.feed"`: the project's TypeScript has no DOM types.
 */
export async function inPage<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(expression)) as T;
}

/** The page's status: `document.body.dataset.status`, which the demo pages set. */
export function pageStatus(page: Page): Promise<string | undefined> {
  return inPage(page, 'document.body.dataset.status');
}

/**
 * The video frames decoded so far by the PeerConnection that `pcExpr` evaluates to in the page (e.g.
 * `window.demo.pc`): the sum of `framesDecoded` over its inbound-rtp video stats. 0 while there are no such stats
 * yet (they appear with the first frames); -1 when the expression yields no PeerConnection or a closed one.
 */
export function framesDecoded(page: Page, pcExpr: string): Promise<number> {
  return inPage(
    page,
    `(async () => {
      const pc = (${pcExpr});
      if (!pc || pc.connectionState === 'closed') return -1;
      let frames = 0;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
      });
      return frames;
    })()`,
  );
}

/** The candidate pair a PeerConnection uses: both ends' address, port, protocol and candidate type. */
export interface SelectedPair {
  local: { address: string; port: number; protocol: string; candidateType: string };
  remote: { address: string; port: number; protocol: string; candidateType: string };
}

/** The selected ICE candidate pair of the PeerConnection `pcExpr` evaluates to in the page, or null before there is one. */
export function selectedPair(page: Page, pcExpr: string): Promise<SelectedPair | null> {
  return inPage(
    page,
    `(async () => {
      const pc = (${pcExpr});
      if (!pc) return null;
      const stats = new Map();
      (await pc.getStats()).forEach((s) => stats.set(s.id, s));
      const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = transport && stats.get(transport.selectedCandidatePairId);
      if (!pair) return null;
      const end = (id) => {
        const c = stats.get(id);
        return { address: c.address, port: c.port, protocol: c.protocol, candidateType: c.candidateType };
      };
      return { local: end(pair.localCandidateId), remote: end(pair.remoteCandidateId) };
    })()`,
  );
}

/** This machine's own non-loopback IPv4/IPv6 addresses: where Janus gathers its host candidates. */
export function ownAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal)
    .map((i) => i.address);
}

/** A file name made of `text` (letters, digits, dashes). */
function slug(text: string, max = 120): string {
  return text
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-|-$/g, '');
}

/**
 * Saves `test-artifacts/<file>-<test>-<page>.png` for each page that is still open (full page); returns the paths
 * written. `<file>` is the test file's name without `.test.ts`, `<test>` its suites and name.
 */
export async function screenshotPages(
  task: TestContext['task'],
  pages: Record<string, Page | undefined>,
): Promise<string[]> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = basename(task.file.name).replace(/\.test\.ts$/, '');
  const test = task.fullTestName ?? task.name;
  const written: string[] = [];
  for (const [name, page] of Object.entries(pages)) {
    if (!page || page.isClosed()) continue;
    const path = join(ARTIFACTS_DIR, `${slug(file, 40)}-${slug(test)}-${slug(name, 40)}.png`);
    try {
      await page.screenshot({ path, fullPage: true, timeout: 5000 });
      written.push(path);
    } catch {
      // a page that crashed or closed meanwhile has nothing to show
    }
  }
  return written;
}

/**
 * For an `afterEach`: when the test failed, screenshots of its pages (see `screenshotPages`) and the errors the
 * pages logged go to the test's output. Call it before closing the browser.
 */
export async function recordFailure(
  ctx: TestContext,
  pages: Record<string, Page | undefined>,
  browser?: TestBrowser,
): Promise<void> {
  if (ctx.task.result?.state !== 'fail') return;
  const written = await screenshotPages(ctx.task, pages);
  const lines = [...written.map((p) => `screenshot: ${p}`), ...(browser?.errors ?? []).map((e) => `page: ${e}`)];
  if (lines.length) console.error(lines.join('\n'));
}
