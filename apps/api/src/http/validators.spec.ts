import fc from 'fast-check';
import { decimalPlaces } from './validators.js';

/** Doubles as a client writes them: plain, tiny, huge, and `<digits>e<exponent>` forms. */
const anyDouble = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e20, max: 1e20 }),
  fc
    .tuple(fc.integer({ min: -99_999, max: 99_999 }), fc.integer({ min: -30, max: 15 }))
    .map(([digits, exponent]) => Number(`${digits}e${exponent}`)),
);

describe('decimalPlaces', () => {
  test.each([
    [0, 0],
    [86.4, 1],
    [-0.000001, 6],
    [1e-7, 7],
    [1.5e-9, 10],
    [-3e-8, 8],
    [5e-324, 324],
    [1e21, 0],
    [1.5e300, 0],
    [0.1 + 0.2, 17],
  ])('%p has %p', (value, places) => {
    expect(decimalPlaces(value)).toBe(places);
  });

  test('is the fewest decimals that still read back as the same number', () => {
    fc.assert(
      fc.property(anyDouble, (value) => {
        const places = decimalPlaces(value);
        // toFixed rounds the exact binary value, so it is an independent reference up to 100 places.
        fc.pre(places <= 100);
        // `+ 0` folds -0 into 0: toFixed drops the sign of zero.
        expect(Number(value.toFixed(places)) + 0).toBe(value + 0);
        if (places > 0) expect(Number(value.toFixed(places - 1)) + 0).not.toBe(value + 0);
      }),
      { numRuns: 2000 },
    );
  });
});
