import { DATA_POINTS, dataPointKey, type DataPoint, type PointValue } from './data-points.js';
import { deletePath, hasPath, isJsonObject, setPath } from './document-paths.js';
import type { PassportCompleteness, PassportFieldError, PassportFormat, StandardFormat } from './formats.js';
import type { PassportSubject } from './passport-subject.js';
import type { PassportSchemas } from './schema-validator.js';
import { mayRead, type Tier } from './tiers.js';

/** The manufacturer's passport attached to the battery: static data this centre does not measure. */
export interface SourcePassport {
  format: StandardFormat;
  document: unknown;
}

/** A data point of the `cellpath` format: its value, its tier and, for a measurement, when. */
export interface CellpathDataPoint {
  value: unknown;
  tier: Tier;
  at?: string;
}

/** The `cellpath` format (shared/api.md "Battery passport"). */
export interface CellpathPassport {
  batteryId: string;
  passportId: string;
  predecessorPassportIds: string[];
  tier: Tier;
  status: string | null;
  economicOperator: PassportSubject['economicOperator'];
  sections: Record<string, Record<string, CellpathDataPoint>>;
  revision: number;
  historyHash: string | null;
}

/** Every data point the reader's tier may see and the battery has a value for. */
export function cellpathPassport(subject: PassportSubject, tier: Tier): CellpathPassport {
  const sections: CellpathPassport['sections'] = {};
  for (const point of DATA_POINTS) {
    if (!mayRead(tier, point.tier)) continue;
    const read = point.read(subject);
    if (read === undefined) continue;
    (sections[point.section] ??= {})[point.name] = {
      value: read.value,
      tier: point.tier,
      ...(read.at === undefined ? {} : { at: read.at }),
    };
  }
  const battery = subject.facts.battery;
  return {
    batteryId: battery.batteryId,
    passportId: subject.passportId,
    predecessorPassportIds: subject.predecessorPassportIds,
    tier,
    status: mayRead(tier, 'legitimate-interest') ? battery.status : null,
    economicOperator: subject.economicOperator,
    sections,
    revision: subject.revision,
    historyHash: subject.historyHash,
  };
}

const writesOf = (point: DataPoint, format: StandardFormat) => (format === 'catenax-6.1.0' ? point.catenax : point.batterypass);

/**
 * The document in a standard format: the attached source (when it is in that format) with this
 * battery's dynamic data written over it and its registration filling what the source lacks.
 * Nothing else is added: a field no event or source gives stays missing.
 */
/** The source attached to the battery in `format` (PassportSourceAttached), if any. */
export function attachedSource(subject: PassportSubject, format: StandardFormat): SourcePassport | undefined {
  const document = subject.facts.sources[format];
  return document === undefined ? undefined : { format, document };
}

export function standardDocument(
  format: StandardFormat,
  subject: PassportSubject,
  source: SourcePassport | undefined = attachedSource(subject, format),
): Record<string, unknown> {
  const document: Record<string, unknown> =
    source?.format === format && isJsonObject(source.document) ? structuredClone(source.document) : {};
  for (const point of DATA_POINTS) {
    const read = point.read(subject);
    if (read === undefined) continue;
    for (const write of writesOf(point, format)) {
      if (write.when && !write.when(subject)) continue;
      if (!point.dynamic && hasPath(document, write.path)) continue;
      const converted = write.convert ? write.convert(read as PointValue, subject) : read.value;
      if (converted !== undefined) setPath(document, write.path, converted);
      else if (point.dynamic) deletePath(document, write.path);
    }
  }
  return document;
}

/** `cellpath`: data points with no value yet. Standard formats: every schema error of the built document. */
export function passportCompleteness(
  format: PassportFormat,
  subject: PassportSubject,
  schemas: PassportSchemas,
  source?: SourcePassport,
): PassportCompleteness {
  const missing =
    format === 'cellpath'
      ? DATA_POINTS.filter((point) => point.read(subject) === undefined).map((point) => ({
          field: `sections.${dataPointKey(point)}`,
          message: 'no event of this battery records it',
        }))
      : schemas.validate(format, standardDocument(format, subject, source));
  return { format, complete: missing.length === 0, missing };
}

/** A standard-format export, or the paths that keep it from being a valid document. */
export type StandardExport = { ok: true; document: Record<string, unknown> } | { ok: false; missing: PassportFieldError[] };

export function standardExport(
  format: StandardFormat,
  subject: PassportSubject,
  schemas: PassportSchemas,
  source?: SourcePassport,
): StandardExport {
  const document = standardDocument(format, subject, source);
  const missing = schemas.validate(format, document);
  return missing.length === 0 ? { ok: true, document } : { ok: false, missing };
}
