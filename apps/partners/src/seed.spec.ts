import { DEMO_BRANCHES } from '@ceg/demo-data';
import { demoProgramIds, demoRows } from './seed';

describe('demo data', () => {
  const rows = demoRows(new Date('2026-11-30T12:00:00Z'));

  it('covers every demo branch and every partnership status', () => {
    expect(new Set(rows.branches.map((b) => b.branchId))).toEqual(new Set(DEMO_BRANCHES.map((b) => b.id)));
    expect(new Set(rows.partnerships.map((p) => p.status))).toEqual(new Set(['PROPOSED', 'ACTIVE', 'ON_HOLD', 'ENDED']));
  });

  it('is deterministic for a given day', () => {
    expect(demoRows(new Date('2026-11-30T18:00:00Z'))).toEqual(rows);
  });

  it('keeps dates consistent and money in whole cents', () => {
    for (const p of rows.partnerships) if (p.startsOn && p.endsOn) expect(p.endsOn >= p.startsOn).toBe(true);
    for (const c of rows.contributions) {
      if (c.amountCents !== null) expect(String(c.amountCents)).toMatch(/^\d+$/);
      expect(c.contributedOn <= '2026-11-30').toBe(true);
    }
  });

  it('derives the programs subgraph demo program ids', () => {
    const ids = demoProgramIds();
    // 17 templates filtered per branch: the larger branches run more of them.
    expect(ids.get('RVL-CEN:baby')).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids.has('MCL-PIN:homework')).toBe(false);
    expect(rows.programs.length).toBeGreaterThan(20);
  });
});
