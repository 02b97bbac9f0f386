/**
 * GET /dashboard in a real browser (Debian's chromium, driven by
 * playwright-core): it renders every chart with its table, the numbers on
 * screen are the API's, the export buttons download the API's files, and it
 * works at 1280 px and on a phone. Screenshots go to artifacts/dashboard/
 * (kept by CI; not committed).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestGraph } from '@ceg/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startGraph } from '../graph';

jest.setTimeout(300_000);

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '../../../../artifacts/dashboard');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPED: the dashboard test needs ${CHROMIUM}; run tools/install-chromium.sh\n${'!'.repeat(78)}\n`);
}

const SECTIONS = ['feedback-volume', 'response-times', 'attendance-area', 'attendance-age', 'fill-rates', 'partnership-value', 'representation'];

(haveChromium ? describe : describe.skip)('analysts: the dashboard in chromium', () => {
  let graph: TestGraph;
  let browser: Browser;
  const year = new Date().getUTCFullYear() - 1;
  const vars = { from: `${year}-01-01`, to: `${year}-12-31`, fromTs: `${year}-01-01T00:00:00Z`, toTs: `${year + 1}-01-01T00:00:00Z` };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    graph = await startGraph();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await graph?.stop();
  });

  const base = () => `http://127.0.0.1:${graph.gateway.port}`;

  async function open(path: string, viewport: { width: number; height: number }): Promise<{ page: Page; requests: string[]; failures: string[] }> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    const requests: string[] = [];
    const failures: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => failures.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && failures.push(m.text()));
    await page.goto(`${base()}${path}`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
    return { page, requests, failures };
  }

  /** The cells of a section's table: per row, the API value each cell keeps and the text it shows. */
  const cells = (page: Page, section: string) =>
    page.$$eval(`#${section}-table tbody tr`, (rows) => rows.map((r) => [...r.children].map((c) => ({ value: c.getAttribute('data-value'), field: c.getAttribute('data-field'), text: c.textContent }))));

  test('a library system at 1280 px: every chart drawn, every table the API\'s numbers, nothing from another origin', async () => {
    const { page, requests, failures } = await open(`/dashboard?level=system&code=RVL&year=${year}`, { width: 1280, height: 900 });
    expect(failures).toEqual([]);
    expect(requests.every((u) => u.startsWith(base()))).toBe(true);
    expect(await page.textContent('#heading')).toBe(`Riverton Public Library, ${year}`);
    for (const s of SECTIONS) {
      const drawn = await page.$eval(`#${s}-chart`, (c: any) => c.width > 0 && c.getAttribute('role') === 'img');
      expect(drawn).toBe(true);
      expect((await cells(page, s)).length).toBeGreaterThan(0);
    }

    const api = (await graph.data(`query($from: Date!, $to: Date!, $fromTs: DateTime!, $toTs: DateTime!) { librarySystem(code: "RVL") {
      feedbackAggregate(from: $fromTs, to: $toTs, groupBy: [PERIOD], interval: MONTH) { groups { key { period } measures { count averageHoursToAcknowledge averageHoursToResolve } } }
      byArea: programAggregate(from: $fromTs, to: $toTs, groupBy: [SERVICE_AREA]) { groups { key { serviceArea } measures { sessionCount attendance } } }
      byAge: programAggregate(from: $fromTs, to: $toTs, groupBy: [AGE_GROUP]) { groups { key { ageGroup } measures { sessionCount attendance } } }
      rates: programAggregate(from: $fromTs, to: $toTs, groupBy: [PERIOD], interval: MONTH) { groups { key { period } measures { fillRate noShowRate } } }
      partnershipAggregate(from: $fromTs, to: $toTs, groupBy: [PARTNER_TYPE]) { groups { key { partnerType } measures { partnershipCount volunteerHours } } }
      representationGaps(from: $from, to: $to) { dimension key communityShare participantShare representationIndex }
    } }`, vars, { as: 'ANALYST' })).librarySystem;

    const shown = (v: string | null) => (v === '' || v === null ? null : Number.isNaN(Number(v)) ? v : Number(v));
    const feedback = await cells(page, 'feedback-volume');
    expect(feedback.map((r) => [r[0].value, shown(r[5].value)])).toEqual(api.feedbackAggregate.groups.map((g: any) => [g.key.period, g.measures.count]));
    expect(feedback.map((r) => r[1].text !== null && Number(r[1].value) + Number(r[2].value) + Number(r[3].value) + Number(r[4].value))).toEqual(api.feedbackAggregate.groups.map((g: any) => g.measures.count));
    const times = await cells(page, 'response-times');
    expect(times.map((r) => r.map((c) => shown(c.value)))).toEqual(api.feedbackAggregate.groups.map((g: any) => [g.key.period, g.measures.averageHoursToAcknowledge, g.measures.averageHoursToResolve]));
    const area = await cells(page, 'attendance-area');
    expect(area.map((r) => r.map((c) => shown(c.value)))).toEqual(api.byArea.groups.map((g: any) => [g.key.serviceArea, g.measures.sessionCount, g.measures.attendance]));
    // what is shown is the number, formatted: 1,234
    expect(area.map((r) => r[2].text)).toEqual(api.byArea.groups.map((g: any) => g.measures.attendance.toLocaleString('en-US')));
    const age = await cells(page, 'attendance-age');
    expect(age.map((r) => r.map((c) => shown(c.value)))).toEqual(api.byAge.groups.map((g: any) => [g.key.ageGroup, g.measures.sessionCount, g.measures.attendance]));
    const rates = await cells(page, 'fill-rates');
    expect(rates.map((r) => r.map((c) => shown(c.value)))).toEqual(api.rates.groups.map((g: any) => [g.key.period, g.measures.fillRate, g.measures.noShowRate]));
    const partners = await cells(page, 'partnership-value');
    expect(partners.map((r) => r.slice(0, 3).map((c) => shown(c.value)))).toEqual(api.partnershipAggregate.groups.map((g: any) => [g.key.partnerType, g.measures.partnershipCount, g.measures.volunteerHours]));
    const gaps = await cells(page, 'representation');
    expect(gaps.map((r) => r.slice(0, 5).map((c) => shown(c.value)))).toEqual(api.representationGaps.map((g: any) => [g.key, g.dimension, g.communityShare, g.participantShare, g.representationIndex]));

    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-1280.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-1280-top.png') });
    await page.context().close();
  });

  test('the export button downloads the API\'s file for that chart', async () => {
    const { page } = await open(`/dashboard?level=branch&code=RVL-CEN&year=${year}`, { width: 1280, height: 900 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#attendance-age button[data-format="csv"]')]);
    expect(download.suggestedFilename()).toBe(`program-aggregate_branch-RVL-CEN_${year}-01-01_${year}-12-31.csv`);
    const path = await download.path();
    const text = (await import('node:fs')).readFileSync(path, 'utf8');
    const shownAttendance = (await cells(page, 'attendance-age')).map((r) => Number(r[2].value));
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    const header = lines[0].split(',');
    const col = header.indexOf('measures.attendance');
    expect(col).toBeGreaterThan(0);
    expect(lines.slice(1).map((l) => Number(l.split(',')[col]))).toEqual(shownAttendance);
    await page.context().close();
  });

  test('on a phone (390 px): one column, no sideways scrolling of the page, every section there', async () => {
    const { page, failures } = await open(`/dashboard?level=consortium&code=CVLC&year=${year}`, { width: 390, height: 844 });
    expect(failures).toEqual([]);
    const { scrollWidth, clientWidth } = await page.evaluate(() => { const d = (globalThis as any).document.documentElement; return { scrollWidth: d.scrollWidth as number, clientWidth: d.clientWidth as number }; });
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    for (const s of SECTIONS) {
      const box = await page.$eval(`#${s}`, (e) => e.getBoundingClientRect().width);
      expect(box).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone.png'), fullPage: false });
    await page.context().close();
  });
});
