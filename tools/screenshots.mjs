#!/usr/bin/env node
// Screenshots of the explorer as a new visitor sees it on start, for the README:
//   node tools/screenshots.mjs [http://localhost:4000/]
// Needs a running graph (npm start) and Chromium (Debian: apt-get install chromium;
// CHROMIUM_PATH to use another build). Writes docs/images/explorer-*.png.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { root } from './build.mjs';

const url = process.argv[2] ?? 'http://localhost:4000/';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(url, { waitUntil: 'networkidle' });
  // the docs pane shows the schema once it has loaded (schema.reloadOnStart)
  await page.waitForFunction(() => (document.querySelector('app-doc-viewer')?.getBoundingClientRect().width ?? 0) > 100, null, { timeout: 30_000 });
  await page.waitForFunction(() => /Query/.test(document.querySelector('app-doc-viewer')?.textContent ?? ''), null, { timeout: 30_000 });
  await page.waitForTimeout(1500);
  const active = await page.locator('.window-switcher__item--active .window-switcher__input').first().textContent();
  if (active?.trim() !== 'Directory') throw new Error(`the explorer opened on "${active?.trim()}", not on the first tab`);
  // every tab's title is readable: inside the window and not cut
  const tabs = await page.evaluate(() => [...document.querySelectorAll('.window-switcher__item')].filter((el) => el.querySelector('.window-switcher__input')).map((el) => {
    const label = el.querySelector('.window-switcher__input');
    const box = el.getBoundingClientRect();
    return { title: label?.textContent?.trim(), right: box.right, cut: label ? label.scrollWidth > label.clientWidth + 1 : true };
  }));
  const unreadable = tabs.filter((t) => t.cut || t.right > 1400);
  if (unreadable.length) throw new Error(`tabs not readable at 1400 px: ${unreadable.map((t) => t.title).join(', ')}`);
  await page.screenshot({ path: join(root, 'docs/images/explorer-start.png') });
  // the first tab is a read: run it as the anonymous visitor would
  await page.locator('[track-id=send_request]').first().click().catch(() => page.keyboard.press('Control+Enter'));
  await page.waitForTimeout(2500);
  await page.screenshot({ path: join(root, 'docs/images/explorer-first-run.png') });
  console.log(`${tabs.length} tabs, all readable at 1400 px: ${tabs.map((t) => t.title).join(' | ')}`);
} finally {
  await browser.close();
}
// smaller files when pngquant is there (Debian: apt-get install pngquant)
for (const f of ['explorer-start', 'explorer-first-run']) {
  const p = join(root, 'docs/images', `${f}.png`);
  spawnSync('pngquant', ['--force', '--skip-if-larger', '--output', p, '32', p], { stdio: 'ignore' });
}
console.log('wrote docs/images/explorer-start.png, docs/images/explorer-first-run.png');
