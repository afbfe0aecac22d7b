import fc from 'fast-check';
// pure-rand is fast-check's own generator library (a dependency of fast-check): the documented way to build
// the `fc.Random` that `Arbitrary#generate` takes.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { expect } from 'vitest';

/**
 * Contract checks every generator of attnproof must meet, after fast-check's own
 * test/unit/arbitrary/__test-helpers__/ArbitraryAssertions.ts. Seeds (and the generator's parameters, and
 * the path taken down the shrink tree) are drawn by `fc.property`, not fixed, so every run of the suite
 * tries other ones; a failure prints the seed and parameters that broke the contract.
 *
 * Two kinds of generator:
 * - fast-check arbitraries (`sparseTarget`, the property cases): same seed, same value and same shrinks;
 *   the value and every shrink on a random path down the tree (and the first siblings at each step) are
 *   correct;
 * - seeded functions `(parameters, seed) => value` (`sampleTarget`, `frontierTarget`, `createRandom`…): same
 *   seed, same value; every value correct; the seed matters.
 *
 * `isCorrect` returns the list of problems of a value (empty: correct), so that a failure says what is wrong.
 */

/** Options shared by the assertions: the parameters of the generator, drawn per run, and fast-check's. */
export interface ContractOptions<P> {
  /** The generator's parameters (constraints), varied by fast-check; default: none. */
  readonly parameters?: fc.Arbitrary<P>;
  /** Passed to `fc.assert` (`numRuns`, …); the seed is fast-check's own, printed on failure. */
  readonly assert?: fc.Parameters<unknown>;
}

/** How to compare two values of a generator; default `toStrictEqual`. */
export type Equality<T> = (a: T, b: T) => void;

const NO_PARAMETERS = fc.constant(undefined);

/** A bias factor as fast-check's runner passes them: none (plain distribution) or an integer >= 2. */
const biasFactor = (): fc.Arbitrary<number | undefined> =>
  fc.option(fc.integer({ min: 2, max: 100 }), { nil: undefined });

/** The random generator fast-check's runner builds from a seed. */
const randomFromSeed = (seed: number): fc.Random => new fc.Random(xoroshiro128plus(seed));

const strictEquality = <T>(a: T, b: T): void => {
  expect(a).toStrictEqual(b);
};

/**
 * Same seed (and bias), same value; then, down a random path of the shrink tree (both copies taking the
 * same child), the same shrinks, to the leaf (or `maxDepth` steps).
 */
export function assertSameValueGivenSameSeed<T, P = undefined>(
  build: (parameters: P) => fc.Arbitrary<T>,
  options: ContractOptions<P> & { readonly isEqual?: Equality<T>; readonly maxDepth?: number } = {},
): void {
  const isEqual = options.isEqual ?? strictEquality;
  assertDownTheTree(build, options, (arb, root, nextPosition) => {
    let a: fc.Value<T> | null = root();
    let b: fc.Value<T> | null = root();
    for (let depth = 0; a !== null && b !== null && depth < (options.maxDepth ?? 1000); depth++) {
      isEqual(a.value, b.value);
      const position = nextPosition();
      a = arb.shrink(a.value_, a.context).getNthOrLast(position);
      b = arb.shrink(b.value_, b.context).getNthOrLast(position);
    }
    expect(a === null, 'both shrink trees end at the same depth').toBe(b === null);
  });
}

/**
 * Every value is correct (`isCorrect` lists no problem): the generated one, and every shrink down a random
 * path of the tree, with the first `siblings` children of each node on the path (shrinks the path does not
 * take). `maxDepth` bounds the path.
 */
export function assertCorrectValues<T, P = undefined>(
  build: (parameters: P) => fc.Arbitrary<T>,
  isCorrect: (value: T, parameters: P) => readonly string[],
  options: ContractOptions<P> & { readonly siblings?: number; readonly maxDepth?: number } = {},
): void {
  const siblings = options.siblings ?? 3;
  assertDownTheTree(build, options, (arb, root, nextPosition, parameters) => {
    let node: fc.Value<T> | null = root();
    expectCorrect(isCorrect, node.value, parameters, 'generated');
    for (let depth = 0; depth < (options.maxDepth ?? 1000); depth++) {
      const children = [...arb.shrink(node.value_, node.context).take(siblings)];
      children.forEach((child, k) => expectCorrect(isCorrect, child.value, parameters, `shrink ${depth + 1}.${k}`));
      node = arb.shrink(node.value_, node.context).getNthOrLast(nextPosition());
      if (node === null) break;
      expectCorrect(isCorrect, node.value, parameters, `shrink ${depth + 1}`);
    }
  });
}

/**
 * The property both arbitrary checks run: per run a seed (not shrunk: a smaller seed is not a simpler
 * case), a bias factor, the parameters, and the positions of the children taken down the shrink tree;
 * `root()` generates the arbitrary's value from that seed and bias, afresh at each call.
 */
function assertDownTheTree<T, P>(
  build: (parameters: P) => fc.Arbitrary<T>,
  options: ContractOptions<P>,
  walk: (arb: fc.Arbitrary<T>, root: () => fc.Value<T>, nextPosition: () => number, parameters: P) => void,
): void {
  fc.assert(
    fc.property(
      fc.noShrink(fc.integer()),
      biasFactor(),
      fc.infiniteStream(fc.nat({ max: 20 })),
      (options.parameters ?? NO_PARAMETERS) as fc.Arbitrary<P>,
      (seed, bias, path, parameters) => {
        const arb = build(parameters);
        walk(
          arb,
          () => arb.generate(randomFromSeed(seed), bias),
          () => path.next().value,
          parameters,
        );
      },
    ),
    options.assert,
  );
}

/** A seeded generator gives the same value for the same parameters and seed. */
export function assertSeededSameValue<T, P = undefined>(
  generate: (parameters: P, seed: number) => T,
  options: ContractOptions<P> & { readonly isEqual?: Equality<T> } = {},
): void {
  const isEqual = options.isEqual ?? strictEquality;
  fc.assert(
    fc.property(seedArbitrary(), (options.parameters ?? NO_PARAMETERS) as fc.Arbitrary<P>, (seed, parameters) => {
      isEqual(generate(parameters, seed), generate(parameters, seed));
    }),
    options.assert,
  );
}

/** Every value of a seeded generator is correct, for every seed and parameters drawn. */
export function assertSeededCorrectValues<T, P = undefined>(
  generate: (parameters: P, seed: number) => T,
  isCorrect: (value: T, parameters: P) => readonly string[],
  options: ContractOptions<P> = {},
): void {
  fc.assert(
    fc.property(seedArbitrary(), (options.parameters ?? NO_PARAMETERS) as fc.Arbitrary<P>, (seed, parameters) => {
      expectCorrect(isCorrect, generate(parameters, seed), parameters, `seed ${seed}`);
    }),
    options.assert,
  );
}

/**
 * The seed matters: for the parameters drawn, `seeds` consecutive seeds from a drawn one do not all give
 * the same value (`key` reduces a value to a comparable string). A generator that ignored its seed would
 * pass the two checks above and fail this one.
 */
export function assertSeedMatters<T, P = undefined>(
  generate: (parameters: P, seed: number) => T,
  key: (value: T) => string,
  options: ContractOptions<P> & { readonly seeds?: number } = {},
): void {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 30 }),
      (options.parameters ?? NO_PARAMETERS) as fc.Arbitrary<P>,
      (first, parameters) => {
        const keys = new Set(
          Array.from({ length: options.seeds ?? 8 }, (_, k) => key(generate(parameters, first + k))),
        );
        expect(keys.size, 'distinct values over consecutive seeds').toBeGreaterThan(1);
      },
    ),
    options.assert,
  );
}

/** Seeds as the command line takes them: non-negative integers below 2^31, biased to the small ones. */
function seedArbitrary(): fc.Arbitrary<number> {
  return fc.noShrink(fc.integer({ min: 0, max: 2 ** 31 - 1 }));
}

function expectCorrect<T, P>(
  isCorrect: (value: T, parameters: P) => readonly string[],
  value: T,
  parameters: P,
  where: string,
): void {
  const problems = isCorrect(value, parameters);
  expect(problems, `${where} value is not correct for the parameters ${fc.stringify(parameters)}`).toEqual([]);
}
