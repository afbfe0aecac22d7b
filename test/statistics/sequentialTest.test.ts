import { describe, expect, it } from 'vitest';
import { binomialLowerTail, binomialUpperTail } from '../../src/statistics/binomialTail.js';
import { bonferroniAlpha } from '../../src/statistics/bonferroni.js';
import { clopperPearsonUpper } from '../../src/statistics/clopperPearson.js';
import type { SequentialDesign, SequentialTestOptions } from '../../src/statistics/sequentialDesign.js';
import { designSequentialTest, suggestedMaxTrials } from '../../src/statistics/sequentialDesign.js';
import { sequentialOperatingCharacteristic } from '../../src/statistics/sequentialOperatingCharacteristic.js';
import type { SequentialDecision } from '../../src/statistics/sequentialTest.js';
import { SequentialRateTest } from '../../src/statistics/sequentialTest.js';
import { createRandom } from '../../src/random/randomSource.js';
import type { RandomSource } from '../../src/random/randomSource.js';

/** Runs one test on a seeded Bernoulli(p) stream until it decides. */
function runOnce(
  options: SequentialTestOptions | SequentialDesign,
  p: number,
  random: RandomSource,
): { decision: SequentialDecision; trials: number } {
  const test = new SequentialRateTest(options);
  let decision: SequentialDecision = 'continue';
  while (decision === 'continue') decision = test.observe(random.next() < p);
  return { decision, trials: test.state().trials };
}

/**
 * True when `count` successes out of `runs` are consistent with probability `pi`
 * (two-sided exact binomial test at level 1e-6: a correct implementation fails it
 * with probability below 1e-6 for a random seed; the seeds here are fixed).
 */
function consistentWith(count: number, runs: number, pi: number): boolean {
  return binomialLowerTail(count, runs, pi) > 5e-7 && binomialUpperTail(count, runs, pi) > 5e-7;
}

describe('designSequentialTest', () => {
  it('sets the thresholds ln(1/alpha) and ln(beta) and the default alternative 2·p0', () => {
    const design = designSequentialTest({ p0: 0.01, alpha: 1e-8 });
    expect(design.p1).toBe(0.02);
    expect(design.beta).toBe(1e-3);
    expect(design.alarmThreshold).toBe(-Math.log(1e-8));
    expect(design.acceptThreshold).toBe(Math.log(1e-3));
    expect(design.failureStep).toBe(Math.log(2));
    expect(design.successStep).toBe(Math.log1p(-0.02) - Math.log1p(-0.01));
    expect(design.maxTrials).toBe(suggestedMaxTrials(0.01, 0.02, 1e-8, 1e-3));
  });

  it('spends at most alpha: Ville for the sequential part, the remainder for truncation', () => {
    for (const p0 of [0.01, 0.1, 0.3]) {
      for (const alpha of [1e-8, 1e-3, 0.05]) {
        for (const maxTrials of [5, 50, undefined]) {
          const design = designSequentialTest({ p0, alpha, maxTrials });
          expect(design.sequentialAlpha).toBeLessThanOrEqual(alpha);
          expect(design.sequentialAlpha + design.truncationAlpha).toBeLessThanOrEqual(alpha);
          // The truncation critical count is the exact binomial test at truncationAlpha.
          const c = design.truncationCriticalFailures;
          if (c <= design.maxTrials)
            expect(binomialUpperTail(c, design.maxTrials, p0)).toBeLessThanOrEqual(design.truncationAlpha);
          if (c >= 1) expect(binomialUpperTail(c - 1, design.maxTrials, p0)).toBeGreaterThan(design.truncationAlpha);
        }
      }
    }
  });

  it('suggests a truncation point that is rarely reached at p0 and at p1', () => {
    // Issue-sized configurations: alpha = 1e-6 split over 40 configurations.
    const alpha = bonferroniAlpha(1e-6, 40);
    for (const p0 of [0.01, 0.05, 0.2, 0.5]) {
      const design = designSequentialTest({ p0, alpha });
      expect(sequentialOperatingCharacteristic(design, p0).truncated).toBeLessThan(1e-6);
      expect(sequentialOperatingCharacteristic(design, design.p1).truncated).toBeLessThan(1e-6);
    }
  });

  it('rejects invalid options', () => {
    expect(() => designSequentialTest({ p0: 0.6, alpha: 0.01 })).toThrow(/give p1 explicitly/);
    expect(() => designSequentialTest({ p0: 0.6, p1: 0.9, alpha: 0.01 })).not.toThrow();
    expect(() => designSequentialTest({ p0: 0, alpha: 0.01 })).toThrow(RangeError);
    expect(() => designSequentialTest({ p0: 0.1, p1: 0.1, alpha: 0.01 })).toThrow(RangeError);
    expect(() => designSequentialTest({ p0: 0.1, p1: 1.1, alpha: 0.01 })).toThrow(RangeError);
    expect(() => designSequentialTest({ p0: 0.1, alpha: 0 })).toThrow(RangeError);
    expect(() => designSequentialTest({ p0: 0.1, alpha: 0.01, beta: 1 })).toThrow(RangeError);
    expect(() => designSequentialTest({ p0: 0.1, alpha: 0.01, maxTrials: 0 })).toThrow(RangeError);
    expect(() => designSequentialTest({ p0: 0.1, alpha: 0.01, maxTrials: 2.5 })).toThrow(RangeError);
    expect(() => designSequentialTest({ p0: '0.1' as unknown as number, alpha: 0.01 })).toThrow(TypeError);
    expect(() => designSequentialTest(null as unknown as SequentialTestOptions)).toThrow(TypeError);
  });
});

describe('sequentialOperatingCharacteristic', () => {
  it('equals brute-force enumeration of every outcome sequence of the online test', () => {
    // maxTrials = 12: all 4096 sequences, each weighted by its probability, run through the
    // class. With alpha = 0.05 and beta = 0.1 the thresholds are close enough that all four
    // routes (either threshold, truncation alarm, truncation accept) occur.
    const options = { p0: 0.2, alpha: 0.05, beta: 0.1, maxTrials: 12 };
    const design = designSequentialTest(options);
    const outcomes: { decision: SequentialDecision; rule: string | null; trials: number; failures: number }[] = [];
    for (let mask = 0; mask < 1 << 12; mask++) {
      const test = new SequentialRateTest(options);
      let n = 0;
      while (test.observe(((mask >> n) & 1) === 1) === 'continue') n++;
      const s = test.state();
      // Failures among all 12 positions (the unused tail of the sequence is marginalised below).
      let total = 0;
      for (let i = 0; i < 12; i++) total += (mask >> i) & 1;
      outcomes.push({ decision: s.decision, rule: s.decidedBy, trials: s.trials, failures: total });
    }
    const rules = new Set(outcomes.map((o) => `${o.rule}:${o.decision}`));
    expect(rules).toEqual(
      new Set(['alarm-threshold:alarm', 'accept-threshold:accept', 'truncation:alarm', 'truncation:accept']),
    );
    for (const p of [0.05, 0.2, 0.3, 0.4, 0.7]) {
      let alarm = 0;
      let sequentialAlarm = 0;
      let truncated = 0;
      let truncationAlarm = 0;
      let expectedTrials = 0;
      for (const o of outcomes) {
        const f = o.failures;
        const w = p ** f * (1 - p) ** (12 - f);
        if (o.decision === 'alarm') alarm += w;
        if (o.rule === 'alarm-threshold') sequentialAlarm += w;
        if (o.rule === 'truncation') truncated += w;
        if (o.rule === 'truncation' && o.decision === 'alarm') truncationAlarm += w;
        expectedTrials += w * o.trials;
      }
      const oc = sequentialOperatingCharacteristic(design, p);
      // Sums of 4096 positive terms against the recursion's sums: 1e-13 absolute (1e-12 for E[T] ~ 10).
      expect(Math.abs(oc.alarm - alarm)).toBeLessThan(1e-13);
      expect(Math.abs(oc.sequentialAlarm - sequentialAlarm)).toBeLessThan(1e-13);
      expect(Math.abs(oc.truncated - truncated)).toBeLessThan(1e-13);
      expect(Math.abs(oc.truncationAlarm - truncationAlarm)).toBeLessThan(1e-13);
      expect(Math.abs(oc.expectedTrials - expectedTrials)).toBeLessThan(1e-12);
      expect(Math.abs(oc.alarm + oc.accept - 1)).toBeLessThan(1e-13);
    }
  });

  it('keeps the false-alarm probability at most alpha for every rate <= p0, increasing in p', () => {
    for (const options of [
      { p0: 0.01, alpha: 1e-8 },
      { p0: 0.1, alpha: 0.05, beta: 0.05, maxTrials: 30 },
      { p0: 0.3, alpha: 1e-3, maxTrials: 8 },
      { p0: 0.1, alpha: 0.1, beta: 0.1, maxTrials: 40 },
      { p0: 0.5, alpha: 1e-6 },
    ]) {
      const design = designSequentialTest(options);
      let previous = 0;
      for (const fraction of [0, 0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.5, 2]) {
        const p = Math.min(1, fraction * options.p0);
        const oc = sequentialOperatingCharacteristic(design, p);
        // Exact guarantee at and below p0 (1e-12 relative slack for the recursion's rounding).
        if (fraction <= 1) expect(oc.alarm).toBeLessThanOrEqual(options.alpha * (1 + 1e-12));
        // Monotone in p (coupling argument); 1e-15 absolute for rounding of equal values.
        expect(oc.alarm).toBeGreaterThanOrEqual(previous - 1e-15);
        previous = oc.alarm;
      }
    }
  });

  it('needs the alpha split: a truncation test at the full alpha would exceed it', () => {
    // Here the truncation is reached often (maxTrials = 40), so running the binomial test at
    // level alpha on top of the sequential part would alarm with probability > alpha at p0.
    const options = { p0: 0.1, alpha: 0.1, beta: 0.1, maxTrials: 40 };
    const design = designSequentialTest(options);
    let naive = 0;
    while (binomialUpperTail(naive, 40, 0.1) > options.alpha) naive++;
    const doubled = sequentialOperatingCharacteristic({ ...design, truncationCriticalFailures: naive }, 0.1);
    expect(doubled.alarm).toBeGreaterThan(options.alpha);
    expect(sequentialOperatingCharacteristic(design, 0.1).alarm).toBeLessThanOrEqual(options.alpha);
  });

  it('misses a doubled rate with probability about beta (Ville bound on the accept threshold)', () => {
    for (const p0 of [0.01, 0.1, 0.4]) {
      const design = designSequentialTest({ p0, alpha: 1e-8 });
      const oc = sequentialOperatingCharacteristic(design, 2 * p0);
      // exp(−Λ) is a martingale under p1: P(Λ ever <= ln beta) <= beta, exactly.
      expect(oc.sequentialAccept).toBeLessThanOrEqual(design.beta);
      expect(oc.accept).toBeLessThanOrEqual(design.beta + oc.truncated);
    }
  });

  it('rejects a rate outside [0, 1]', () => {
    const design = designSequentialTest({ p0: 0.1, alpha: 0.05 });
    expect(() => sequentialOperatingCharacteristic(design, 1.5)).toThrow(RangeError);
    expect(() => sequentialOperatingCharacteristic(design, Number.NaN)).toThrow(RangeError);
  });
});

describe('SequentialRateTest on seeded Bernoulli streams', () => {
  const options = { p0: 0.1, alpha: 0.05, beta: 0.05 };
  const runs = 3000;

  it('alarms at p = p0 at the exactly computed rate, which is at most alpha', () => {
    const random = createRandom('sprt-null');
    const design = designSequentialTest(options);
    let alarms = 0;
    for (let r = 0; r < runs; r++) if (runOnce(design, options.p0, random).decision === 'alarm') alarms++;
    // A fresh calibration per run gives the same test.
    expect(runOnce(options, options.p0, createRandom('sprt-null')).trials).toBe(
      runOnce(design, options.p0, createRandom('sprt-null')).trials,
    );
    const exact = sequentialOperatingCharacteristic(designSequentialTest(options), options.p0).alarm;
    expect(exact).toBeLessThanOrEqual(options.alpha);
    expect(consistentWith(alarms, runs, exact)).toBe(true);
    // And not significantly above alpha itself (one-sided exact test at 1e-6).
    expect(binomialUpperTail(alarms, runs, options.alpha)).toBeGreaterThan(1e-6);
  });

  it('alarms at p = 2·p0 with probability about 1 − beta, after the exactly computed mean number of trials', () => {
    const random = createRandom('sprt-alternative');
    const design = designSequentialTest(options);
    let alarms = 0;
    let trials = 0;
    for (let r = 0; r < runs; r++) {
      const out = runOnce(design, 0.2, random);
      if (out.decision === 'alarm') alarms++;
      trials += out.trials;
    }
    const oc = sequentialOperatingCharacteristic(designSequentialTest(options), 0.2);
    expect(oc.alarm).toBeGreaterThan(1 - options.beta - oc.truncated);
    expect(consistentWith(alarms, runs, oc.alarm)).toBe(true);
    // Mean sample size against the exact E[T]: the sample mean of 3000 stopping times
    // (sd ≈ E[T]) is within 6 standard errors (6/sqrt(3000) ≈ 11 %) except with probability 2e-9.
    expect(Math.abs(trials / runs - oc.expectedTrials)).toBeLessThan(0.11 * oc.expectedTrials);
  });

  it('decides at truncation with the exact binomial test', () => {
    // maxTrials = 10: a run whose likelihood ratio stays inside the band is judged by
    // P(X >= F | 10, p0) <= truncationAlpha.
    const opts = { p0: 0.1, alpha: 0.05, beta: 0.05, maxTrials: 10 };
    const seen = new Set<SequentialDecision>();
    for (let failures = 2; failures <= 4; failures++) {
      const test = new SequentialRateTest(opts);
      // Failures at the end, so the ratio first drifts down (but not to ln beta) then up.
      let decision: SequentialDecision = 'continue';
      for (let i = 0; i < 10 && decision === 'continue'; i++) decision = test.observe(i >= 10 - failures);
      const s = test.summary();
      expect(s.trials).toBe(10);
      expect(s.decidedBy).toBe('truncation');
      expect(s.decision).toBe(s.binomialPValue <= s.truncationAlpha ? 'alarm' : 'accept');
      expect(s.binomialPValue).toBe(binomialUpperTail(failures, 10, 0.1));
      seen.add(s.decision);
    }
    expect(seen).toEqual(new Set(['alarm', 'accept']));
  });

  it('handles p1 = 1: one success accepts, ceil(ln(1/alpha)/ln 2) failures in a row alarm', () => {
    const opts = { p0: 0.5, alpha: 1e-3 };
    expect(new SequentialRateTest(opts).observe(false)).toBe('accept');
    const test = new SequentialRateTest(opts);
    const needed = Math.ceil(Math.log(1e3) / Math.LN2); // 10
    for (let i = 1; i < needed; i++) expect(test.observe(true)).toBe('continue');
    expect(test.observe(true)).toBe('alarm');
    expect(test.state().llr).toBe(needed * Math.LN2);
  });

  it('reports counts, bounds and decision in its summary, and refuses trials after deciding', () => {
    const test = new SequentialRateTest({ p0: 0.1, alpha: 0.05 });
    expect(test.state()).toEqual({ trials: 0, failures: 0, llr: 0, decision: 'continue', decidedBy: null });
    let decision: SequentialDecision = 'continue';
    let i = 0;
    while (decision === 'continue') decision = test.observe(i++ % 7 === 0);
    const s = test.summary();
    expect(s.decision).toBe(decision);
    expect(s.trials).toBe(i);
    expect(s.observedRate).toBe(s.failures / s.trials);
    expect(s.upperBound).toBe(clopperPearsonUpper(s.failures, s.trials, 0.05));
    expect(s.upperBound95).toBe(clopperPearsonUpper(s.failures, s.trials, 0.05));
    expect(() => test.observe(false)).toThrow(/already decided/);
    expect(() => new SequentialRateTest({ p0: 0.1, alpha: 0.05 }).observe(1 as unknown as boolean)).toThrow(TypeError);
  });
});

describe('bonferroniAlpha', () => {
  it('divides the budget and validates', () => {
    expect(bonferroniAlpha(1e-6, 40)).toBe(1e-6 / 40);
    expect(bonferroniAlpha(0.05, 1)).toBe(0.05);
    expect(() => bonferroniAlpha(0.05, 0)).toThrow(RangeError);
    expect(() => bonferroniAlpha(0.05, 1.5)).toThrow(RangeError);
    expect(() => bonferroniAlpha(1, 3)).toThrow(RangeError);
  });
});
