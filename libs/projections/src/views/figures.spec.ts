import { percent, ratio, round2, tally } from './figures.js';

describe('figures', () => {
  it('rounds half up on the decimal form, not on binary noise', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(0.145 * 100)).toBe(14.5);
    expect(round2((43.5 / 400) * 100)).toBe(10.88);
    expect(round2((2 / 3) * 100)).toBe(66.67);
    expect(round2(1e-7)).toBe(0);
    expect(round2(123456.789)).toBe(123456.79);
  });

  it('has no ratio or percentage with nothing to divide by', () => {
    expect(ratio(3, 0)).toBeNull();
    expect(percent(0, 0)).toBeNull();
    expect(percent(1, 3)).toBe(33.33);
  });

  it('tallies into every key and ignores keys outside the set', () => {
    expect(
      tally(
        ['a', 'b'],
        [
          ['a', 2],
          ['c', 5],
          [null, 1],
          ['a', 1],
        ],
      ),
    ).toEqual({ a: 3, b: 0 });
  });
});
