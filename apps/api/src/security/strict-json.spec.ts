import { loadConfig } from '#libs/config';
import { nestingExceeds, refusedMember } from './strict-json.js';

describe('body nesting scan', () => {
  test.each([
    ['{}', 1, false],
    ['{"a":[{"b":1}]}', 3, false],
    ['{"a":[{"b":1}]}', 2, true],
    ['[[[]]]', 2, true],
    ['{"a":"[[[[[[{{{{"}', 1, false],
    ['{"a":"\\"[[[["}', 1, false],
    ['{"a":"\\\\","b":[[[]]]}', 3, true],
  ])('%s with at most %i levels: exceeded %s', (text, max, exceeded) => {
    expect(nestingExceeds(text, max)).toBe(exceeded);
  });
});

describe('members a body may not hold', () => {
  test('nulls and prototype-named keys are found with their dotted path', () => {
    expect(refusedMember({ a: 1, b: [{ c: 'x' }] })).toBeUndefined();
    expect(refusedMember(null)).toEqual({ field: 'body', message: expect.stringContaining('null') });
    expect(refusedMember({ tests: [{ name: 'dcir' }, { value: null }] })).toEqual({
      field: 'tests.1.value',
      message: expect.stringContaining('null'),
    });
    expect(refusedMember(JSON.parse('{"materials":{"toString":1}}'))).toEqual({ field: 'materials.toString', message: 'unknown field' });
    expect(refusedMember({ prototype: {} })).toEqual({ field: 'prototype', message: 'unknown field' });
  });
});

describe('security configuration', () => {
  test('failed-authentication budget: 120 a minute unless CELLPATH_AUTH_FAILURES_PER_MINUTE says otherwise', () => {
    expect(loadConfig({}).authFailuresPerMinute).toBe(120);
    expect(loadConfig({ CELLPATH_AUTH_FAILURES_PER_MINUTE: '5' }).authFailuresPerMinute).toBe(5);
    expect(() => loadConfig({ CELLPATH_AUTH_FAILURES_PER_MINUTE: '0' })).toThrow(/CELLPATH_AUTH_FAILURES_PER_MINUTE/);
  });
});
