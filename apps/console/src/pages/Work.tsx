import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, type Json, type Problem } from '../api';
import { buildBody, COMMANDS, type CommandSpec, type FormValue, type FormValues } from '../commands';
import { EMPTY_TEST, EMPTY_ZONE, Field, type FieldErrors } from '../components/Fields';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { href, type Route } from '../route';
import type { Session } from '../session';
import type { InventoryView } from '../views';

interface SiteZone {
  zone: string;
  kind: string;
  capacity: number;
  occupied: number;
  free: number;
  slots: { slot: string; batteryId: string }[];
}

/**
 * A fresh key per distinct request. Built from getRandomValues, which, unlike randomUUID, also
 * exists on plain http (the centre's own network is not a secure context).
 */
function newIdempotencyKey(): string {
  return `console-${Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** Slot names offered for a zone: `<zone>-<n>` up to its capacity, minus the occupied ones. */
function freeSlots(zone: SiteZone): string[] {
  const taken = new Set(zone.slots.map((slot) => slot.slot));
  return Array.from({ length: zone.capacity }, (_, index) => `${zone.zone}-${index + 1}`).filter((slot) => !taken.has(slot));
}

function useKnownSites(session: Session): string[] {
  const [sites, setSites] = useState<string[]>([]);
  useEffect(() => {
    session.client
      .get<InventoryView>('/views/inventory')
      .then((view) => setSites(view.sites.map((site) => site.siteId)))
      .catch(() => setSites([]));
  }, [session]);
  return sites;
}

function useSiteZones(session: Session, siteId: string | undefined, enabled: boolean, refresh: number): SiteZone[] {
  const [zones, setZones] = useState<SiteZone[]>([]);
  useEffect(() => {
    if (!enabled || !siteId) return setZones([]);
    let live = true;
    const timer = setTimeout(() => {
      session.client
        .get<{ zones: SiteZone[] }>(`/sites/${encodeURIComponent(siteId)}`)
        .then((site) => live && setZones(site.zones))
        .catch(() => live && setZones([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [session, siteId, enabled, refresh]);
  return zones;
}

type Outcome = { ok: true; result: Json } | { ok: false; problem: Problem };

function Result({ outcome, spec, batteryId }: { outcome: Outcome; spec: CommandSpec; batteryId: string }) {
  const { t, dateTime } = useI18n();
  if (!outcome.ok) {
    const { problem } = outcome;
    const rule = problem.rule && (`rule.${problem.rule}` as MessageKey);
    return (
      <div className="outcome bad" role="alert" data-testid="command-outcome" data-status={problem.status}>
        <strong>{t('work.rejected')}</strong>
        {problem.status === 409 && rule ? (
          <p data-testid="rule" data-rule={problem.rule}>
            {t(rule) ?? problem.detail}{' '}
            <span className="muted">
              ({t('work.ruleLabel')}: {problem.rule})
            </span>
          </p>
        ) : problem.errors?.length ? (
          <p>{t('work.fixFields')}</p>
        ) : (
          <p>{problem.detail}</p>
        )}
      </div>
    );
  }
  const { result } = outcome;
  const id = (result.batteryId as string | undefined) ?? batteryId;
  return (
    <div className="outcome ok" role="status" data-testid="command-outcome" data-status="201">
      <strong>{t('work.recorded', { r: String(result.revision ?? '') })}</strong>
      {spec.id === 'evaluate' && <p data-testid="grade">{t('work.grade', { g: String(result.grade) })}</p>}
      {spec.id === 'certify' && (
        <p data-testid="certificate">
          {t('work.certificate', { c: String(result.certificateId), d: dateTime(result.validUntil as string) })}{' '}
          <a href={`/api/v1/certificates/${encodeURIComponent(String(result.certificateId))}/verify`} target="_blank" rel="noreferrer">
            {t('bat.verifyLink')}
          </a>
        </p>
      )}
      {spec.id !== 'createSite' && id && <a href={href(['battery', id])}>{t('work.openBattery')}</a>}
    </div>
  );
}

function CommandForm({ session, spec, initialBattery }: { session: Session; spec: CommandSpec; initialBattery: string }) {
  const { t, tf } = useI18n();
  const [batteryId, setBatteryId] = useState(initialBattery);
  const [values, setValues] = useState<FormValues>(
    spec.id === 'diagnose' ? { tests: [EMPTY_TEST] } : spec.id === 'createSite' ? { zones: [EMPTY_ZONE] } : {},
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [pending, setPending] = useState(false);
  const [recorded, setRecorded] = useState(0);
  // The key belongs to one request body: resent as long as the body is the same (a retry, a double click).
  const attempt = useRef<{ body: string; key: string }>(undefined);
  const inFlight = useRef(false);
  const sites = useKnownSites(session);
  const siteZones = useSiteZones(session, values.siteId as string | undefined, spec.id === 'store', recorded);
  const set = (name: string) => (value: FormValue) => setValues((previous) => ({ ...previous, [name]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    const body = buildBody(spec, values);
    const serialised = JSON.stringify([batteryId, body]);
    if (attempt.current?.body !== serialised) attempt.current = { body: serialised, key: newIdempotencyKey() };
    inFlight.current = true;
    setPending(true);
    try {
      const result = await session.client.post(spec.path(batteryId), body, attempt.current.key);
      attempt.current = undefined;
      setErrors({});
      setOutcome({ ok: true, result });
      setRecorded((n) => n + 1);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors(Object.fromEntries((error.problem.errors ?? []).map((fieldError) => [fieldError.field, fieldError.message])));
      setOutcome({ ok: false, problem: error.problem });
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  };

  const zone = siteZones.find((candidate) => candidate.zone === values.zone);
  const suggestionsFor = (name: string): string[] | undefined => {
    if (name === 'siteId') return sites;
    if (spec.id === 'store' && name === 'zone' && siteZones.length > 0)
      return siteZones.filter((candidate) => candidate.free > 0).map((candidate) => candidate.zone);
    if (spec.id === 'store' && name === 'slot' && zone) return freeSlots(zone);
    return undefined;
  };
  const unplaced = Object.entries(errors).filter(
    ([field]) =>
      !spec.fields.some((fieldSpec) => field === fieldSpec.name || field.startsWith(`${fieldSpec.name}.`)) && field !== 'batteryId',
  );

  return (
    <form className="command" onSubmit={submit} noValidate aria-label={t(`cmd.${spec.id}`)}>
      <h2>{t(`cmd.${spec.id}`)}</h2>
      {spec.onBattery && (
        <Field
          spec={{ name: 'batteryId', kind: 'text', required: true }}
          value={batteryId}
          onChange={(value) => setBatteryId(value as string)}
          errors={errors}
        />
      )}
      {spec.id === 'store' && siteZones.length > 0 && (
        <ul className="free-slots" aria-label={t('work.freeSlots')}>
          {siteZones.map((candidate) => (
            <li key={candidate.zone}>{t('work.zoneFree', { zone: candidate.zone, free: candidate.free, capacity: candidate.capacity })}</li>
          ))}
        </ul>
      )}
      <div className="fields">
        {spec.fields.map((field) => (
          <Field
            key={field.name}
            spec={field}
            value={values[field.name]}
            onChange={set(field.name)}
            errors={errors}
            suggestions={suggestionsFor(field.name)}
          />
        ))}
      </div>
      {unplaced.length > 0 && (
        <ul className="field-error" role="alert">
          {unplaced.map(([field, message]) => (
            <li key={field}>
              {tf(field)}: {message}
            </li>
          ))}
        </ul>
      )}
      <button type="submit" className="primary" disabled={pending}>
        {pending ? t('work.submitting') : t('work.submit')}
      </button>
      {outcome && <Result outcome={outcome} spec={spec} batteryId={batteryId} />}
    </form>
  );
}

/** The daily work: the commands this key's roles may record, one form each. */
export function Work({ session, route }: { session: Session; route: Route }) {
  const { t } = useI18n();
  const allowed = COMMANDS.filter((command) => session.may(...command.roles));
  const chosen = allowed.find((command) => command.id === route.path[1]) ?? allowed[0];
  const battery = route.query.get('battery') ?? '';
  if (!chosen) return <p>{t('work.noCommands')}</p>;
  return (
    <>
      <header className="page-head">
        <h1>{t('work.title')}</h1>
      </header>
      <nav className="commands" aria-label={t('work.command')}>
        {allowed.map((command) => (
          <a
            key={command.id}
            href={href(['work', command.id], { battery })}
            aria-current={command === chosen ? 'page' : undefined}
            data-command={command.id}
          >
            {t(`cmd.${command.id}`)}
          </a>
        ))}
      </nav>
      <CommandForm key={`${chosen.id}/${battery}`} session={session} spec={chosen} initialBattery={battery} />
    </>
  );
}
