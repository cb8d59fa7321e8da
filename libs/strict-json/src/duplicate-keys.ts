/** Where an object in a JSON text names one member twice. */
export interface DuplicateKey {
  key: string;
  /** Dotted path from the root to the second occurrence (`certificate.batteryId`, `tests.0.name`). */
  path: string;
}

type Frame = { kind: 'object'; keys: Set<string>; key?: string; expectingKey: boolean } | { kind: 'array'; index: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const segment = (frame: Frame) => (frame.kind === 'object' ? frame.key! : String(frame.index));

/**
 * The first duplicate member name in `text`, which must already be valid JSON (parse it first).
 * JSON.parse keeps the last of two equal keys while a person reading the file sees the first, so
 * the two would disagree on what it says. Keys are compared decoded (`"a"` and `"\u0061"` clash).
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      let escaped = false;
      for (; text.charCodeAt(end) !== QUOTE; end++) {
        if (text.charCodeAt(end) === BACKSLASH) {
          escaped = true;
          end++;
        }
      }
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.expectingKey) {
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        if (top.keys.has(key)) return { key, path: [...stack.slice(0, -1).map(segment), key].join('.') };
        top.keys.add(key);
        top.key = key;
        top.expectingKey = false;
      }
      i = end;
    } else if (c === 0x7b) stack.push({ kind: 'object', keys: new Set(), expectingKey: true });
    else if (c === 0x5b) stack.push({ kind: 'array', index: 0 });
    else if (c === 0x7d || c === 0x5d) stack.pop();
    else if (c === 0x2c) {
      const top = stack.at(-1)!;
      if (top.kind === 'object') top.expectingKey = true;
      else top.index++;
    }
  }
  return undefined;
}

/** Thrown by {@link parseJsonWithUniqueKeys}; a SyntaxError like any other JSON refusal. */
export class DuplicateKeyError extends SyntaxError {
  override readonly name = 'DuplicateKeyError';
  constructor(readonly duplicate: DuplicateKey) {
    super(`duplicate key "${duplicate.key}" at ${duplicate.path}`);
  }
}

/** JSON.parse, refusing a text in which an object names a member twice. */
export function parseJsonWithUniqueKeys(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const duplicate = findDuplicateKey(text);
  if (duplicate) throw new DuplicateKeyError(duplicate);
  return value;
}
