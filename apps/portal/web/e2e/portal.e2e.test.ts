import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../../scripts/bundle.mjs';
import { launchChromium } from './chromium.js';
import { type PortalUnderTest, startPortalUnderTest } from './portal-under-test.js';

const ARTIFACTS = path.join(repoRoot, 'test-artifacts', 'web-e2e');
const require = createRequire(import.meta.url);

/** Runs axe-core in the page and returns the serious and critical violations. */
async function seriousA11yViolations(page: Page): Promise<string[]> {
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // evaluate() runs through the DevTools protocol, so the page's CSP stays on.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<any> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: { impact?: string }) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: { id: string; help: string; nodes: { target: string[] }[] }) =>
          `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      );
  });
  return violations;
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

// Generous timeouts: CI machines are shared; nothing here asserts speed.
describe('the web portal in a real browser', { timeout: 90_000 }, () => {
  let portal: PortalUnderTest | undefined;
  let browser: { context: BrowserContext; close(): Promise<void> } | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    portal = await startPortalUnderTest();
    page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // Expected 404s (the missing entity) are checked through the page itself.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        pageErrors.push(message.text());
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 500) pageErrors.push(`${response.status()} from ${response.url()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('shows the sign-in page and signs a guest in', async () => {
    await page.goto(portal!.url);
    await page.getByRole('heading', { name: /^Sign in to / }).waitFor();
    await screenshot(page, '01-sign-in');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const catalogRequest = page.waitForRequest((request) =>
      request.url().includes('/api/catalog/entities/by-query'),
    );
    await page.getByRole('button', { name: 'Enter as guest' }).click();
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/catalog');
    // API calls carry the user token the auth plugin issued (a JWT).
    expect((await catalogRequest).headers().authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('lists, filters and searches the catalog', async () => {
    const table = page.getByRole('table', { name: 'Entities' });
    await table.getByRole('link', { name: 'Cart Service' }).waitFor();
    await expect.poll(() => page.getByText(/^\d+ entities$/).textContent()).toMatch(/^18 entities$/);
    await screenshot(page, '02-catalog-index');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Keyboard users can jump past the header and sidebar first.
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');

    await page.getByRole('textbox', { name: 'Filter' }).fill('cart');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('cart');
    await expect.poll(() => table.getByRole('row').count()).toBeLessThan(6);
    await table.getByRole('link', { name: 'Cart Service' }).waitFor();

    await page.goto(`${portal!.url}/catalog?kind=api`);
    await table.getByRole('link', { name: /cart/i }).first().waitFor();
    await expect.poll(() => page.getByText(/^\d+ entities$/).textContent()).toBe('8 entities');
  });

  it('opens an entity page and its relations graph', async () => {
    await page.goto(`${portal!.url}/catalog`);
    await page.getByRole('table', { name: 'Entities' }).getByRole('link', { name: 'Cart Service' }).click();
    await page.getByRole('heading', { name: 'Cart Service', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'About' }).waitFor();
    await screenshot(page, '03-entity-page');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('table', { name: 'History' }).getByRole('cell', { name: 'created' }).waitFor();

    await page.getByRole('tab', { name: 'Relations graph' }).click();
    const graph = page.getByTestId('relations-graph');
    await graph.waitFor();
    await expect.poll(() => graph.locator('.react-flow__node').count()).toBeGreaterThan(1);
    await screenshot(page, '04-relations-graph');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await graph.locator('.react-flow__node a').first().click();
    await expect.poll(() => new URL(page.url()).pathname).not.toContain('cart-service');
  });

  it('shows an OpenAPI definition as interactive documentation', async () => {
    await page.goto(`${portal!.url}/catalog/default/api/cart-api/api`);
    await page.getByRole('tab', { name: 'API definition', selected: true }).waitFor();
    await page.getByRole('radio', { name: 'Documentation', checked: true }).waitFor({ state: 'attached' });
    await page.locator('.mantine-Accordion-control').first().waitFor();
    await page.locator('.mantine-Accordion-control').first().click();
    await page.getByRole('button', { name: 'Send request' }).first().waitFor();
    await screenshot(page, '05-api-docs');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByText('Definition', { exact: true }).click();
    await page.locator('.greenroom-code .shiki').waitFor();
    await screenshot(page, '06-api-definition-highlighted');
  });

  it('finds entities from the global search box', async () => {
    await page.getByRole('combobox', { name: 'Search the catalog' }).fill('orders');
    await page.getByRole('option', { name: /Orders API/ }).click();
    await page.getByRole('heading', { name: 'Orders API', level: 1 }).waitFor();
  });

  it('switches the theme in the user settings', async () => {
    await page.goto(`${portal!.url}/settings`);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByText('Dark', { exact: true }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await screenshot(page, '07-settings-dark');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${portal!.url}/catalog`);
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    await screenshot(page, '08-catalog-dark');
    await page.goto(`${portal!.url}/settings`);
    await page.getByText('Light', { exact: true }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('light');
  });

  it('shows a not-found page for unknown paths', async () => {
    await page.goto(`${portal!.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.goto(`${portal!.url}/catalog/default/component/does-not-exist`);
    await page.getByRole('heading', { name: 'Entity not found' }).waitFor();
  });

  it('signs out, in every tab', async () => {
    const other = await browser!.context.newPage();
    await other.goto(`${portal!.url}/catalog`);
    await other.getByRole('heading', { name: 'Catalog' }).waitFor();
    await page.goto(`${portal!.url}/settings`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Enter as guest' }).waitFor();
    await other.getByRole('button', { name: 'Enter as guest' }).waitFor();
    await screenshot(page, '09-signed-out');
    await page.reload();
    await page.getByRole('button', { name: 'Enter as guest' }).waitFor();
    await other.close();
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
