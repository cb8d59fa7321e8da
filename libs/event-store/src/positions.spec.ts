import { comparePositions } from './positions.js';

describe('comparePositions', () => {
  test('compares as numbers, also beyond 2^53 and across digit counts', () => {
    expect(comparePositions('9', '10')).toBe(-1);
    expect(comparePositions('9007199254740993', '9007199254740992')).toBe(1);
    expect(comparePositions('18446744073709551616000001', '18446744073709551616000001')).toBe(0);
    expect(['100', '20', '3'].sort(comparePositions)).toEqual(['3', '20', '100']);
  });
});
