import { describe, expect, it } from 'vitest';
import { paperConstruction } from '../../src/construction/paperConstruction.js';
import { renderSweepSvg } from '../../src/sweep/renderSweepSvg.js';
import { runSweep } from '../../src/sweep/runSweep.js';
import { assembleSweep, type SweepResult } from '../../src/sweep/sweepResult.js';
import { SMALL, smallSweep, wellFormedXml } from './helpers.js';

describe('the well-formedness check used here', () => {
  it('rejects what an XML parser rejects', () => {
    expect(wellFormedXml('<a x="1"><b/>t &amp; u</a>')).toEqual(['a', 'b']);
    expect(() => wellFormedXml('<a><b></a>')).toThrow(/does not match/);
    expect(() => wellFormedXml('<a x="1" x="2"/>')).toThrow(/repeated/);
    expect(() => wellFormedXml('<a>x & y</a>')).toThrow(/bare "&"/);
    expect(() => wellFormedXml('<a x=1/>')).toThrow(/malformed tag/);
    expect(() => wellFormedXml('<a>')).toThrow(/unclosed/);
    expect(() => wellFormedXml('<a/><b/>')).toThrow(/second root/);
  });
});

describe('renderSweepSvg', () => {
  it('is a well-formed SVG document with every series, the title and the axis labels', async () => {
    const result = await smallSweep();
    const svg = renderSweepSvg(result);
    const elements = wellFormedXml(svg);
    expect(elements[0]).toBe('svg');
    expect(svg).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const id of ['axes', 'identity', 'dstar', 'fit', 'measured', 'legend']) expect(svg).toContain(`<g id="${id}"`);
    expect(svg).toContain('sequence length L (logarithmic scale)');
    expect(svg).toContain('query dimension d');
    expect(svg).toMatch(/<title>Query dimension needed by paper against sequence length<\/title>/);
    // The legend names each series; the fit's coefficients are the result's.
    expect(svg).toContain(`fit d ≈ ${result.fit!.intercept.toFixed(1)} + ${result.fit!.slope.toFixed(2)}·ln L`);
    expect(svg).toContain('d = L: the trivial exact construction');
  });

  it('draws one measured point per length at its d, and one d* marker with the ratio d*/d', async () => {
    const result = await smallSweep();
    const svg = renderSweepSvg(result);
    const points = [...svg.matchAll(/<circle class="measured-point" data-L="(\d+)" data-d="(\d+)"/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(points).toEqual(result.rows.map((r) => [r.L, r.d]));
    expect(svg.match(/class="dstar-point"/g)).toHaveLength(result.rows.length);
    for (const r of result.rows)
      expect(svg).toContain(`d*/d = ${r.dStarOverD! >= 10 ? r.dStarOverD!.toFixed(0) : r.dStarOverD!.toFixed(1)}`);
    // Points sit higher on the page (smaller y) for larger d: the y axis grows upwards.
    const cy = [...svg.matchAll(/class="measured-point"[^>]* cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    const order = result.rows.map((r) => r.d!);
    for (let i = 0; i < cy.length; i++)
      for (let j = 0; j < cy.length; j++) if (order[i]! < order[j]!) expect(cy[i]!).toBeGreaterThan(cy[j]!);
  });

  it('escapes a construction name that is not XML-safe, and marks a length with no measured d', async () => {
    const result = await smallSweep();
    const named: SweepResult = assembleSweep(
      { ...result.params, construction: 'python3 impl.py --a "x" & <y>' },
      result.shards,
      // Every trial at the longest length fails at the top: no measured d there.
      result.trials.map((t) => (t.L === 32 ? { ...t, critical: null, steps: [[295, 'fail'] as const] } : t)),
      result.timing,
      result.seconds,
    );
    const svg = renderSweepSvg(named);
    wellFormedXml(svg);
    expect(svg).toContain('python3 impl.py --a &quot;x&quot; &amp; &lt;y&gt;');
    expect(named.rows[2]!.d).toBeNull();
    expect(svg).toMatch(/<path class="measured-point" data-L="32"/);
  });

  it('refuses a partial (one shard) result', async () => {
    const part = await runSweep(paperConstruction, {
      ...SMALL,
      lengths: [8],
      trials: 2,
      shard: { index: 1, count: 2 },
    });
    expect(() => renderSweepSvg(part)).toThrow(/merge the shards first/);
  });
});
