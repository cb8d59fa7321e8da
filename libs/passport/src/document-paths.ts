type Json = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Sets a dotted path, creating (or replacing non-object) parents on the way. */
export function setPath(document: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = document;
  for (const key of keys.slice(0, -1)) {
    if (!isJsonObject(node[key])) node[key] = {};
    node = node[key] as Json;
  }
  node[keys.at(-1)!] = value;
}

/** Removes a dotted path if it is there. */
export function deletePath(document: Json, path: string): void {
  const keys = path.split('.');
  let node: unknown = document;
  for (const key of keys.slice(0, -1)) {
    if (!isJsonObject(node)) return;
    node = node[key];
  }
  if (isJsonObject(node)) delete node[keys.at(-1)!];
}

export function hasPath(document: Json, path: string): boolean {
  let node: unknown = document;
  for (const key of path.split('.')) {
    if (!isJsonObject(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}
