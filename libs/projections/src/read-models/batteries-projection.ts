import type { SqlExecutor } from '#libs/database';
import type { RecordedEvent } from '#libs/event-store';
import { BATTERY_EVENT_TYPES } from '#libs/lifecycle';
import { evolveSummary, summarize, type SummaryDocument } from '../summaries/battery-summary.js';
import type { CertificateSummary } from '../summaries/certificate-summary.js';
import { batteryEventOf } from '../summaries/domain-events.js';
import type { Projection, TableNames } from '../runner/projection.js';
import { upsertRows } from './upsert-rows.js';

export const BATTERIES_PROJECTION = 'batteries';
export const BATTERY_SUMMARY_TABLE = 'battery_summary';
export const BATTERY_CERTIFICATES_TABLE = 'battery_certificates';

/*
 * battery_id sorts with the "C" collation: the battery list pages by it, and byte order is the
 * same on every server whatever its locale. `document` (named `battery` by 001, renamed by 002) holds what the next event evolves (the
 * projection's own fold, see SummaryDocument); the other columns are what the views filter, group and sum.
 */
const CREATE_TABLES = `
create table ${BATTERY_SUMMARY_TABLE} (
  battery_id text collate "C" primary key,
  revision integer not null,
  status text not null,
  stage text not null,
  chemistry text not null,
  grade text,
  state_of_health_pct numeric,
  soh_band text,
  hazard_class text,
  state_of_charge_pct numeric,
  soc_band text not null,
  site_id text,
  location_site_id text,
  location_zone text,
  location_slot text,
  stored_at timestamptz,
  received boolean not null,
  evaluated boolean not null,
  handed_over boolean not null,
  recycled boolean not null,
  second_life_kind text,
  second_life_application text,
  second_life_energy_kwh numeric,
  declared_materials jsonb not null,
  input_mass_kg numeric,
  recovered_materials jsonb,
  battery jsonb not null
);
create index on ${BATTERY_SUMMARY_TABLE} (location_site_id, location_zone);
create index on ${BATTERY_SUMMARY_TABLE} (site_id, battery_id);
create index on ${BATTERY_SUMMARY_TABLE} (status, battery_id);
create index on ${BATTERY_SUMMARY_TABLE} (stage, battery_id);

create table ${BATTERY_CERTIFICATES_TABLE} (
  certificate_id text primary key,
  battery_id text not null,
  applications jsonb not null,
  issued_at timestamptz not null,
  valid_until timestamptz not null,
  revoked_at timestamptz,
  revocation_reason text
);
create index on ${BATTERY_CERTIFICATES_TABLE} (battery_id);
`;

interface StoredBattery {
  battery_id: string;
  document: SummaryDocument;
}

/** One row per registered battery (`battery_summary`) and per reuse certificate (`battery_certificates`). */
export const batteriesProjection: Projection = {
  name: BATTERIES_PROJECTION,
  // 2: the summary folds its own document instead of the lifecycle's battery state.
  version: 2,
  eventTypes: BATTERY_EVENT_TYPES,
  tables: [BATTERY_SUMMARY_TABLE, BATTERY_CERTIFICATES_TABLE],
  migrations: [
    { id: '001-battery-summary-and-certificates', sql: CREATE_TABLES },
    // Version 2 rebuilds the rows, so the old column's content is replaced, not converted.
    { id: '002-summary-document', sql: `alter table ${BATTERY_SUMMARY_TABLE} rename column battery to document` },
    // No rebuild: no battery was transferred before the column existed.
    { id: '003-transferred-out', sql: `alter table ${BATTERY_SUMMARY_TABLE} add column transferred_out boolean not null default false` },
  ],
  apply: applyBatteryEvents,
};

async function applyBatteryEvents(tx: SqlExecutor, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
  const documents = await loadDocuments(tx, tables(BATTERY_SUMMARY_TABLE), [...new Set(events.map((event) => event.streamId))]);
  const changed = new Set<string>();
  for (const event of events) {
    const batteryEvent = batteryEventOf(event);
    const previous = documents.get(event.streamId);
    // A revision already folded in is a replay: skipping it keeps apply idempotent.
    if (batteryEvent === null || (previous !== undefined && event.revision <= previous.summary.revision)) continue;
    documents.set(event.streamId, evolveSummary(previous, batteryEvent));
    changed.add(event.streamId);
  }
  const updated = [...changed].map((batteryId) => documents.get(batteryId)!);
  await upsertRows(tx, tables(BATTERY_SUMMARY_TABLE), ['battery_id'], updated.map(summaryRow));
  const certificates = updated.flatMap((document) => document.certificates);
  await upsertRows(tx, tables(BATTERY_CERTIFICATES_TABLE), ['certificate_id'], certificates.map(certificateRow));
}

async function loadDocuments(tx: SqlExecutor, table: string, batteryIds: string[]): Promise<Map<string, SummaryDocument>> {
  const { rows } = await tx.query<StoredBattery>(`select battery_id, document from ${table} where battery_id = any($1::text[])`, [
    batteryIds,
  ]);
  return new Map(rows.map((row) => [row.battery_id, row.document]));
}

function summaryRow(document: SummaryDocument): Record<string, unknown> {
  const summary = summarize(document);
  return {
    battery_id: summary.batteryId,
    revision: summary.revision,
    status: summary.status,
    stage: summary.stage,
    chemistry: summary.chemistry,
    grade: summary.grade,
    state_of_health_pct: summary.stateOfHealthPct,
    soh_band: summary.sohBand,
    hazard_class: summary.hazardClass,
    state_of_charge_pct: summary.stateOfChargePct,
    soc_band: summary.socBand,
    site_id: summary.siteId,
    location_site_id: summary.location?.siteId ?? null,
    location_zone: summary.location?.zone ?? null,
    location_slot: summary.location?.slot ?? null,
    stored_at: summary.storedAt,
    received: summary.received,
    evaluated: summary.evaluated,
    handed_over: summary.handedOver,
    recycled: summary.recycled,
    transferred_out: summary.transferredOut,
    second_life_kind: summary.secondLifeKind,
    second_life_application: summary.secondLifeApplication,
    second_life_energy_kwh: summary.secondLifeEnergyKWh,
    declared_materials: summary.declaredMaterials,
    input_mass_kg: summary.inputMassKg,
    recovered_materials: summary.recoveredMaterials,
    document,
  };
}

function certificateRow(certificate: CertificateSummary): Record<string, unknown> {
  return {
    certificate_id: certificate.certificateId,
    battery_id: certificate.batteryId,
    applications: certificate.applications,
    issued_at: certificate.issuedAt,
    valid_until: certificate.validUntil,
    revoked_at: certificate.revocation?.revokedAt ?? null,
    revocation_reason: certificate.revocation?.reason ?? null,
  };
}
