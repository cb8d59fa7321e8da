import { Fragment, useMemo, useState, type ReactNode } from 'react';
import { PASSPORT_FORMATS, type PassportCompleteness, type PassportFormat } from '../../../../libs/passport/src/formats';
import { ApiError, type Json } from '../api';
import { Chart, useChartOption, type ChartOption } from '../components/Chart';
import { DataTable, type DataColumn } from '../components/DataTable';
import { Card, Problem } from '../components/Figures';
import { useI18n, type I18n } from '../i18n';
import { href } from '../route';
import type { Session } from '../session';
import {
  lineageGraph,
  readCertificates,
  readHistory,
  type CertificateStatus,
  type ChainVerification,
  type HistoryEntry,
  type Lineage,
} from './battery-data';
import { logVerdict, type LogVerdict } from './log-verdict';
import { useLoaded } from '../useLoaded';

interface Loaded {
  battery?: Json;
  /** Every event, for the checks; `shown` are those recorded up to `asOf`. */
  history: HistoryEntry[];
  shown: HistoryEntry[];
  verification: ChainVerification;
  lineage: Lineage;
  certificates: CertificateStatus[];
}

/** Which value set names a field's values, so they are shown translated. */
const VALUE_SETS: Record<string, string> = {
  level: 'level',
  category: 'category',
  chemistry: 'chemistry',
  source: 'source',
  hazardClass: 'hazardClass',
  method: 'method',
  visualInspection: 'passFail',
  verdict: 'passFail',
  result: 'passFail',
  name: 'testName',
  applications: 'application',
  application: 'application',
  kind: 'kind',
  process: 'process',
  status: 'status',
  stage: 'stage',
  disqualifiers: 'disqualifier',
};
const HIDDEN = new Set(['certificate', 'signature']);

/** Inside an object the parent already names the group: `lithiumKg` under materials is just lithium (kg). */
const innerLabel = (i18n: I18n, key: string): string => {
  const element = /^(\w+)Kg$/.exec(key);
  return element ? `${i18n.tv('element', element[1]!)} (kg)` : i18n.tf(key);
};

/** A field's value: numbers and times formatted, value sets translated; free text and ids (strings) marked as data, never translated. */
function Value({ name, value }: { name: string; value: unknown }): ReactNode {
  const i18n = useI18n();
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '–';
  if (Array.isArray(value))
    return value.map((item, index) => (
      <Fragment key={index}>
        {index > 0 && ', '}
        <Value name={name} value={item} />
      </Fragment>
    ));
  if (typeof value === 'object')
    return Object.entries(value).map(([inner, item], index) => (
      <Fragment key={inner}>
        {index > 0 && ' · '}
        {innerLabel(i18n, inner)} <Value name={inner} value={item} />
      </Fragment>
    ));
  if (typeof value === 'number') return i18n.number(value);
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return i18n.dateTime(value);
  if (VALUE_SETS[name]) return i18n.tv(VALUE_SETS[name]!, String(value));
  return <span translate="no">{String(value)}</span>;
}

function DataList({ data }: { data: Record<string, unknown> }) {
  const { tf } = useI18n();
  return (
    <dl className="data">
      {Object.entries(data)
        .filter(([key]) => !HIDDEN.has(key))
        .map(([key, value]) => (
          <div key={key}>
            <dt>{tf(key)}</dt>
            <dd>
              <Value name={key} value={value} />
            </dd>
          </div>
        ))}
    </dl>
  );
}

/** Who recorded the event: the key's person or machine when the key is named, else the key id; with its roles. */
function Actor({ actor }: { actor: HistoryEntry['actor'] }) {
  const { tv } = useI18n();
  if (!actor) return <>–</>;
  const named = (actor as { name?: string }).name;
  return (
    <>
      <span translate="no" title={named ? actor.keyId : undefined} data-actor={named ? 'name' : 'key'}>
        {named ?? actor.keyId}
      </span>{' '}
      ({actor.roles.map((role) => tv('role', role)).join(', ')})
    </>
  );
}

function Timeline({ events }: { events: HistoryEntry[] }) {
  const { t, tv, dateTime } = useI18n();
  const columns: DataColumn<HistoryEntry>[] = [
    { key: 'revision', header: t('ev.revision'), cell: (event) => event.revision },
    { key: 'type', header: t('ev.type'), cell: (event) => tv('event', event.type) },
    { key: 'actor', header: t('ev.actor'), cell: (event) => <Actor actor={event.actor} />, testId: (event) => `actor-${event.revision}` },
    { key: 'occurredAt', header: t('ev.occurredAt'), cell: (event) => dateTime(event.occurredAt) },
    { key: 'recordedAt', header: t('ev.recordedAt'), cell: (event) => dateTime(event.recordedAt) },
    { key: 'data', header: t('ev.data'), cell: (event) => <DataList data={event.data} /> },
  ];
  return <DataTable columns={columns} rows={events} rowKey={(event) => event.revision} rowType={(event) => event.type} testId="timeline" />;
}

type Graph = ReturnType<typeof lineageGraph>;

function lineageChart(i18n: I18n, graph: Graph): ChartOption {
  const rows = new Map<number, number>();
  return {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'graph',
        layout: 'none',
        symbolSize: 18,
        roam: true,
        label: { show: true, position: 'bottom' },
        edgeSymbol: ['none', 'arrow'],
        lineStyle: { width: 2, color: '#7a8a84' },
        data: graph.nodes.map((node) => {
          const row = rows.get(node.depth) ?? 0;
          rows.set(node.depth, row + 1);
          const name = node.status ? `${node.id} (${i18n.tv('status', node.status)})` : node.id;
          return { id: node.id, name, x: node.depth * 200, y: row * 70, itemStyle: { color: node.depth === 0 ? '#3b6ea8' : '#2f7d5b' } };
        }),
        edges: graph.edges,
      },
    ],
  };
}

function LineageGraph({ lineage }: { lineage: Lineage }) {
  const graph = useMemo(() => lineageGraph(lineage), [lineage]);
  const option = useChartOption(lineageChart, graph);
  const { t } = useI18n();
  if (graph.nodes.length === 1) return <p>{t('bat.noLineage')}</p>;
  const links = (direction: 'predecessors' | 'successors') =>
    graph.nodes.filter((node) => (direction === 'predecessors' ? node.depth < 0 : node.depth > 0));
  return (
    <>
      <Chart option={option} label={t('bat.lineage')} height={240} />
      {(['predecessors', 'successors'] as const).map((direction) => (
        <p key={direction}>
          {t(`bat.${direction}`)}:{' '}
          {links(direction).map((node, index) => (
            <span key={node.id}>
              {index > 0 && ', '}
              <a href={href(['battery', node.id])} translate="no">
                {node.id}
              </a>
            </span>
          ))}
        </p>
      ))}
    </>
  );
}

function Certificates({ session, certificates }: { session: Session; certificates: CertificateStatus[] }) {
  const { t, dateTime } = useI18n();
  const download = async (certificateId: string) => {
    // The PDF needs the key, so it is fetched and handed to the browser as a file.
    const url = URL.createObjectURL(await session.client.blob(`/certificates/${encodeURIComponent(certificateId)}/pdf`));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${certificateId}.pdf`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  if (certificates.length === 0) return <p>{t('bat.noCertificates')}</p>;
  return (
    <ul className="certificates">
      {certificates.map((certificate) => (
        <li key={certificate.certificateId} data-testid={`certificate-${certificate.certificateId}`}>
          <strong translate="no">{certificate.certificateId}</strong> ·{' '}
          <span className={`badge ${certificate.status}`}>{t(`cert.${certificate.status as 'active' | 'revoked' | 'expired'}`)}</span> ·{' '}
          {t('bat.validUntil')} {dateTime(certificate.validUntil)}{' '}
          <button type="button" onClick={() => void download(certificate.certificateId)}>
            {t('bat.pdf')}
          </button>{' '}
          <a href={`/api/v1/certificates/${encodeURIComponent(certificate.certificateId)}/verify`} target="_blank" rel="noreferrer">
            {t('bat.verifyLink')}
          </a>
        </li>
      ))}
    </ul>
  );
}

function Details({ battery }: { battery: Json }) {
  const { t } = useI18n();
  const {
    latestEvaluation,
    activeCertificate,
    latestDiagnosis,
    materials,
    location,
    revision,
    batteryId,
    predecessorIds,
    successorIds,
    ...rest
  } = battery;
  return (
    <>
      <DataList data={{ ...rest, materials, location }} />
      {latestEvaluation ? (
        <>
          <h3>{t('bat.latestEvaluation')}</h3>
          <DataList data={latestEvaluation as Json} />
        </>
      ) : null}
      {activeCertificate ? (
        <>
          <h3>{t('bat.activeCertificate')}</h3>
          <DataList data={activeCertificate as Json} />
        </>
      ) : null}
    </>
  );
}

async function load(session: Session, batteryId: string, asOf: string | undefined): Promise<Loaded> {
  const client = session.client;
  const path = `/batteries/${encodeURIComponent(batteryId)}`;
  const [battery, history, verification, lineage] = await Promise.all([
    client.get(path, { asOf }).catch((error: unknown) => {
      // Before its registration the battery did not exist: an answer of its own, not a failure.
      if (asOf && error instanceof ApiError && error.problem.status === 404) return undefined;
      throw error;
    }),
    readHistory(client, batteryId),
    client.get<ChainVerification>(`${path}/history/verify`),
    client.get<Lineage>(`${path}/lineage`),
  ]);
  const shown = asOf ? history.filter((event) => event.recordedAt <= asOf) : history;
  return { battery, history, shown, verification, lineage, certificates: await readCertificates(client, shown) };
}

function ChainVerdict({ verification }: { verification: ChainVerification }) {
  const { t } = useI18n();
  return (
    <p data-testid="verify-verdict" className={verification.valid ? 'ok' : 'bad'}>
      {verification.valid ? t('bat.valid', { n: verification.eventCount }) : t('bat.broken', { r: verification.brokenAtRevision })}
    </p>
  );
}

function LogVerdictView({ session, events }: { session: Session; events: HistoryEntry[] }) {
  const { t, dateTime } = useI18n();
  const { value: verdict, error } = useLoaded<LogVerdict>(() => logVerdict(session.client, events), [session, events]);
  if (error) return <Problem error={error} />;
  if (!verdict)
    return (
      <p data-testid="log-verdict" data-state="checking">
        {t('log.checking')}
      </p>
    );
  const sentence =
    verdict.state === 'failed'
      ? t(`log.failed.${verdict.failure}`, { r: verdict.revision ?? '' })
      : verdict.state === 'unavailable'
        ? t('log.unavailable')
        : t(`log.${verdict.state}`, { n: verdict.included, k: verdict.pending.length });
  const { checkpoint } = verdict;
  return (
    <>
      <p
        data-testid="log-verdict"
        data-state={verdict.state}
        className={verdict.state === 'failed' ? 'bad' : verdict.state === 'included' ? 'ok' : ''}
      >
        {sentence}
      </p>
      {checkpoint && (
        <dl className="data">
          <div>
            <dt>{t('log.treeSize')}</dt>
            <dd data-testid="log-tree-size">{checkpoint.treeSize}</dd>
          </div>
          <div>
            <dt>{t('log.key')}</dt>
            <dd translate="no">{checkpoint.keyId}</dd>
          </div>
          <div>
            <dt>{t('log.issuedAt')}</dt>
            <dd>{dateTime(checkpoint.issuedAt)}</dd>
          </div>
        </dl>
      )}
    </>
  );
}

const FORMAT_NAMES: Record<PassportFormat, string> = {
  cellpath: 'Cellpath',
  'catenax-6.1.0': 'Catena-X Battery Pass 6.1.0',
  'batterypass-1.2': 'BatteryPass 1.2',
};

/** What keeps each passport export from being complete; a recycled battery's passport has ceased (410). */
function PassportCompletenessView({ session, batteryId }: { session: Session; batteryId: string }) {
  const { t } = useI18n();
  const [format, setFormat] = useState<PassportFormat>('cellpath');
  const { value, error } = useLoaded<PassportCompleteness | 'ceased'>(
    () =>
      session.client
        .get<PassportCompleteness>(`/batteries/${encodeURIComponent(batteryId)}/passport/completeness`, { format })
        .catch((caught: unknown) => {
          if (caught instanceof ApiError && caught.problem.status === 410) return 'ceased' as const;
          throw caught;
        }),
    [session, batteryId, format],
  );
  return (
    <div data-testid="passport-completeness">
      <label>
        {t('bat.passportFormat')}{' '}
        <select name="passportFormat" value={format} onChange={(event) => setFormat(event.target.value as PassportFormat)}>
          {PASSPORT_FORMATS.map((name) => (
            <option key={name} value={name} translate="no">
              {FORMAT_NAMES[name]}
            </option>
          ))}
        </select>
      </label>
      <Problem error={error} />
      {value === 'ceased' && <p data-testid="passport-verdict">{t('bat.passportCeased')}</p>}
      {value && value !== 'ceased' && (
        <>
          <p data-testid="passport-verdict" data-format={value.format} className={value.complete ? 'ok' : ''}>
            {value.complete ? t('bat.passportComplete') : t('bat.passportMissing', { n: value.missing.length })}
          </p>
          {value.missing.length > 0 && (
            <DataTable
              columns={[
                { key: 'field', header: t('bat.missingField'), cell: (missing) => <code>{missing.field}</code>, untranslated: true },
                // The schema validator's words, as the server sends them (English).
                {
                  key: 'message',
                  header: t('bat.missingReason'),
                  cell: (missing) => <span lang="en">{missing.message}</span>,
                  untranslated: true,
                },
              ]}
              rows={value.missing}
              rowKey={(missing) => `${missing.field} ${missing.message}`}
              testId="passport-missing"
            />
          )}
        </>
      )}
    </div>
  );
}

/** `datetime-local` speaks local time without a zone; the API speaks UTC. */
const toIso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

export function Battery({ session, batteryId }: { session: Session; batteryId: string }) {
  const { t } = useI18n();
  const [asOfLocal, setAsOfLocal] = useState('');
  const asOf = toIso(asOfLocal);
  const { value: loaded, error } = useLoaded(() => load(session, batteryId, asOf), [session, batteryId, asOf]);
  return (
    <>
      <header className="page-head">
        <h1>
          {t('bat.title')}{' '}
          <span data-testid="battery-id" translate="no">
            {batteryId}
          </span>
        </h1>
        <div className="as-of">
          <label>
            {t('bat.asOf')}
            <input type="datetime-local" step="1" name="asOf" value={asOfLocal} onChange={(event) => setAsOfLocal(event.target.value)} />
          </label>
          <button type="button" onClick={() => setAsOfLocal('')} disabled={!asOfLocal}>
            {t('bat.asOfNow')}
          </button>
          {session.roles.some((role) => role !== 'auditor') && <a href={href(['work'], { battery: batteryId })}>{t('bat.work')}</a>}
        </div>
        {asOf && <p className="muted">{t('bat.asOfNote')}</p>}
      </header>
      <Problem error={error} />
      {!loaded && !error && <p>{t('loading')}</p>}
      {loaded && (
        <div className="grid">
          <Card title={t('bat.details')}>{loaded.battery ? <Details battery={loaded.battery} /> : <p>{t('bat.notFound')}</p>}</Card>
          <Card title={t('bat.verify')}>
            <h3>{t('bat.chain')}</h3>
            <ChainVerdict verification={loaded.verification} />
            <h3>{t('bat.log')}</h3>
            <LogVerdictView session={session} events={loaded.history} />
          </Card>
          <Card title={t('bat.certificates')}>
            <Certificates session={session} certificates={loaded.certificates} />
          </Card>
          <Card title={t('bat.passport')}>
            <PassportCompletenessView session={session} batteryId={batteryId} />
          </Card>
          <Card title={t('bat.lineage')} wide>
            <LineageGraph lineage={loaded.lineage} />
          </Card>
          <Card title={t('bat.timeline')} wide>
            <Timeline events={loaded.shown} />
          </Card>
        </div>
      )}
    </>
  );
}
