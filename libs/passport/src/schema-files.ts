import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BATTERYPASS_PARTS, type BatteryPassPart } from './formats.js';

export type JsonSchema = Record<string, unknown>;

export interface PassportSchemaSet {
  catenax: JsonSchema;
  batterypass: Record<BatteryPassPart, JsonSchema>;
}

/**
 * The BatteryPass generator wrote six of its seven files as UTF-16LE with a byte-order mark
 * (shared/schemas/README.md): the encoding is read from the BOM rather than assumed.
 */
export function readJsonFile(path: string): JsonSchema {
  const bytes = readFileSync(path);
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = bytes.subarray(2).toString('utf16le');
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) throw new Error(`${path}: UTF-16BE is not supported`);
  else text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  return JSON.parse(text) as JsonSchema;
}

/** Reads the schema files from a folder laid out as shared/schemas (or this library's copy of it). */
export function readPassportSchemas(directory: string): PassportSchemaSet {
  const batterypass = Object.fromEntries(
    BATTERYPASS_PARTS.map((part) => [part, readJsonFile(join(directory, 'batterypass-1.2', `${part}-schema.json`))]),
  ) as Record<BatteryPassPart, JsonSchema>;
  return { catenax: readJsonFile(join(directory, 'catenax-battery-pass-6.1.0', 'BatteryPass-schema.json')), batterypass };
}
