import { useEffect, useMemo, useState } from 'react';
import { ApiError, type Json } from '../api';
import { Chart, type ChartOption } from '../components/Chart';
import { Card, Problem } from '../components/Figures';
import { useI18n, type I18n } from '../i18n';
import { href } from '../route';
import type { Session } from '../session';
import {
  lineageGraph,
  readCertificates,
  readHistory,
  type CertificateStatus,
  type Completeness,
  type HistoryEvent,
  type Lineage,
  type Verification,
} from './battery-data';

interface Loaded {
  battery?: Json;
  history: HistoryEvent[];
  verification: Verification;
  lineage: Lineage;
  certificates: CertificateStatus[];
  completeness?: Completeness;
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

function show(i18n: I18n, key: string, value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (Array.isArray(value)) return value.length === 0 ? '–' : value.map((item) => show(i18n, key, item)).join(', ');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([inner, item]) => `${innerLabel(i18n, inner)} ${show(i18n, inner, item)}`)
      .join(' · ');
  if (typeof value === 'number') return i18n.number(value);
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return i18n.dateTime(value);
  return VALUE_SETS[key] ? i18n.tv(VALUE_SETS[key]!, String(value)) : String(value);
}

function DataList({ data }: { data: Record<string, unknown> }) {
  const i18n = useI18n();
  return (
    <dl className="data">
      {Object.entries(data)
        .filter(([key]) => !HIDDEN.has(key))
        .map(([key, value]) => (
          <div key={key}>
            <dt>{i18n.tf(key)}</dt>
            {/* Free text and ids are the data itself: marked so, they are neither translated nor mistaken for labels. */}
            <dd translate={typeof value === 'string' && !VALUE_SETS[key] ? 'no' : undefined}>{show(i18n, key, value)}</dd>
          </div>
        ))}
    </dl>
  );
}

function ActorCell({ actor }: { actor: HistoryEvent['actor'] }) {
  const { tv } = useI18n();
  if (!actor) return <td>–</td>;
  return (
    <td>
      <span translate="no">{actor.name ?? actor.keyId}</span> ({actor.roles.map((role) => tv('role', role)).join(', ')})
    </td>
  );
}

function Timeline({ events }: { events: HistoryEvent[] }) {
  const i18n = useI18n();
  const { t, tv, dateTime } = i18n;
  return (
    <div className="table-scroll">
      <table data-testid="timeline">
        <thead>
          <tr>
            {(['ev.revision', 'ev.type', 'ev.actor', 'ev.occurredAt', 'ev.recordedAt', 'ev.data'] as const).map((key) => (
              <th scope="col" key={key}>
                {t(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.revision} data-type={event.type}>
              <td>{event.revision}</td>
              <td>{tv('event', event.type)}</td>
              <ActorCell actor={event.actor} />
              <td>{dateTime(event.occurredAt)}</td>
              <td>{dateTime(event.recordedAt)}</td>
              <td>
                <DataList data={event.data} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LineageGraph({ lineage }: { lineage: Lineage }) {
  const i18n = useI18n();
  const graph = useMemo(() => lineageGraph(lineage), [lineage]);
  const option = useMemo<ChartOption>(() => {
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
  }, [graph, i18n]);
  const { t } = i18n;
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
  const [battery, history, verification, lineage, completeness] = await Promise.all([
    client.get(path, { asOf }).catch((error: unknown) => {
      // Before its registration the battery did not exist: an answer of its own, not a failure.
      if (asOf && error instanceof ApiError && error.problem.status === 404) return undefined;
      throw error;
    }),
    readHistory(client, batteryId),
    client.get<Verification>(`${path}/history/verify`),
    client.get<Lineage>(`${path}/lineage`),
    // The passport endpoints arrive with the passport issue; until then there is nothing to show.
    client.get<Completeness>(`${path}/passport/completeness`).catch(() => undefined),
  ]);
  const shown = asOf ? history.filter((event) => event.recordedAt <= asOf) : history;
  return { battery, history: shown, verification, lineage, completeness, certificates: await readCertificates(client, shown) };
}

/** `datetime-local` speaks local time without a zone; the API speaks UTC. */
const toIso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

export function Battery({ session, batteryId }: { session: Session; batteryId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [asOfLocal, setAsOfLocal] = useState('');
  const asOf = toIso(asOfLocal);
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    let live = true;
    setLoaded(undefined);
    load(session, batteryId, asOf)
      .then((result) => live && (setLoaded(result), setError(undefined)))
      .catch((caught: Error) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [session, batteryId, asOf]);
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
            <p data-testid="verify-verdict" className={loaded.verification.valid ? 'ok' : 'bad'}>
              {loaded.verification.valid
                ? t('bat.valid', { n: loaded.verification.eventCount })
                : t('bat.broken', { r: loaded.verification.brokenAtRevision ?? '?' })}
            </p>
          </Card>
          <Card title={t('bat.certificates')}>
            <Certificates session={session} certificates={loaded.certificates} />
          </Card>
          {loaded.completeness && (
            <Card title={t('bat.passport')}>
              <p>
                {loaded.completeness.complete
                  ? t('bat.passportComplete')
                  : t('bat.passportMissing', { n: loaded.completeness.missing.length })}
              </p>
            </Card>
          )}
          <Card title={t('bat.lineage')} wide>
            <LineageGraph lineage={loaded.lineage} />
          </Card>
          <Card title={t('bat.timeline')} wide>
            <Timeline events={loaded.history} />
          </Card>
        </div>
      )}
    </>
  );
}
