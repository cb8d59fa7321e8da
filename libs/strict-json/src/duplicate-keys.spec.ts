import fc from 'fast-check';
import { DuplicateKeyError, findDuplicateKey, parseJsonWithUniqueKeys } from './duplicate-keys.js';

describe('duplicate JSON keys', () => {
  test.each([
    ['{"batteryId":"A","batteryId":"B"}', { key: 'batteryId', path: 'batteryId' }],
    ['{"certificate":{"batteryId":"A","grade":"A","batteryId":"B"}}', { key: 'batteryId', path: 'certificate.batteryId' }],
    ['{"tests":[{"name":"x"},{"name":"y","name":"z"}]}', { key: 'name', path: 'tests.1.name' }],
    ['[[1,2],{"a":1},{"b":{"c":[{"d":1,"d":1}]}}]', { key: 'd', path: '2.b.c.0.d' }],
    ['{"a":1,"\\u0061":2}', { key: 'a', path: 'a' }],
    ['{"a\\"b":1,"a\\u0022b":2}', { key: 'a"b', path: 'a"b' }],
    [' { "a" : { } , "a" : [ ] } ', { key: 'a', path: 'a' }],
  ])('finds the second key in %s', (text, duplicate) => {
    expect(findDuplicateKey(text)).toEqual(duplicate);
  });

  test.each([
    '{"a":"a","b":"a"}',
    '{"a":{"a":{"a":1}},"b":{"a":1}}',
    '[{"a":1},{"a":1}]',
    '{"a":"\\\\","b":"\\"a\\":1,","c":["a","a"]}',
    '{"":1,"x":{"":2}}',
    '"just a string"',
    '42',
  ])('finds none in %s', (text) => {
    expect(findDuplicateKey(text)).toBeUndefined();
  });

  test('any JSON.stringify output has none; the same text with one member repeated has exactly that one', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, key) => {
        const text = JSON.stringify(value);
        expect(findDuplicateKey(text)).toBeUndefined();
        const member = `${JSON.stringify(key)}:${text}`;
        expect(findDuplicateKey(`{"outer":[{${member},${member}}]}`)).toEqual({ key, path: `outer.0.${key}` });
      }),
      { numRuns: 500 },
    );
  });

  test('parseJsonWithUniqueKeys parses what JSON.parse parses, refusing duplicates with their path', () => {
    expect(parseJsonWithUniqueKeys('{"a":[1,{"b":null}]}')).toEqual({ a: [1, { b: null }] });
    expect(() => parseJsonWithUniqueKeys('{"a":1,}')).toThrow(SyntaxError);
    const refusal = (() => {
      try {
        parseJsonWithUniqueKeys('{"certificate":{"batteryId":"A","batteryId":"B"}}');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DuplicateKeyError);
    expect(refusal).toBeInstanceOf(SyntaxError);
    expect((refusal as Error).message).toBe('duplicate key "batteryId" at certificate.batteryId');
  });
});
