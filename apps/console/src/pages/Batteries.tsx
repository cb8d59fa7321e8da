import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { Problem } from '../components/Figures';
import { VALUES, type ValueSet } from '../commands';
import { useI18n } from '../i18n';
import { href } from '../route';
import type { Session } from '../session';

interface Item {
  batteryId: string;
  status: string;
  stage: string;
  chemistry: string;
  grade: string | null;
  location: { siteId: string; zone: string; slot: string } | null;
}

const FILTERS = [
  { name: 'status', values: 'status' },
  { name: 'stage', values: 'stage' },
  { name: 'chemistry', values: 'chemistry' },
  { name: 'grade', values: 'grade' },
] as const satisfies readonly { name: string; values: ValueSet }[];
type Filters = Record<(typeof FILTERS)[number]['name'] | 'siteId' | 'limit', string>;

const EMPTY: Filters = { status: '', stage: '', chemistry: '', grade: '', siteId: '', limit: '20' };

/** The contract's list: its filters, and cursor paging (the cursors seen so far allow going back). */
export function Batteries({ session }: { session: Session }) {
  const { t, tv, tf } = useI18n();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ items: Item[]; nextCursor: string | null }>();
  const [error, setError] = useState<ApiError>();
  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    let live = true;
    session.client
      .get<{ items: Item[]; nextCursor: string | null }>('/batteries', { ...filters, cursor })
      .then((result) => live && (setPage(result), setError(undefined)))
      .catch((caught: unknown) => live && caught instanceof ApiError && setError(caught));
    return () => {
      live = false;
    };
  }, [session, filters, cursor]);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
    setCursors([undefined]);
  };
  return (
    <>
      <header className="page-head">
        <h1>{t('list.title')}</h1>
      </header>
      <form className="filters" onSubmit={apply} aria-label={t('list.filters')}>
        {FILTERS.map((filter) => (
          <label key={filter.name}>
            {tf(filter.name)}
            <select
              name={filter.name}
              value={draft[filter.name]}
              onChange={(event) => setDraft({ ...draft, [filter.name]: event.target.value })}
            >
              <option value="">{t('list.any')}</option>
              {VALUES[filter.values].map((value) => (
                <option key={value} value={value}>
                  {tv(filter.values, value)}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label>
          {tf('siteId')}
          <input name="siteId" value={draft.siteId} onChange={(event) => setDraft({ ...draft, siteId: event.target.value })} />
        </label>
        <label>
          {t('list.pageSize')}
          <select name="limit" value={draft.limit} onChange={(event) => setDraft({ ...draft, limit: event.target.value })}>
            {['10', '20', '50', '100'].map((size) => (
              <option key={size}>{size}</option>
            ))}
          </select>
        </label>
        <button type="submit">{t('list.apply')}</button>
      </form>
      <Problem error={error} />
      {page && page.items.length === 0 && <p>{t('list.empty')}</p>}
      {page && page.items.length > 0 && (
        <div className="table-scroll">
          <table data-testid="battery-list">
            <thead>
              <tr>
                {(['col.batteryId', 'col.status', 'col.stage', 'chemistry', 'col.grade', 'col.location'] as const).map((key) => (
                  <th scope="col" key={key}>
                    {t(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.batteryId}>
                  <td>
                    <a href={href(['battery', item.batteryId])} translate="no">
                      {item.batteryId}
                    </a>
                  </td>
                  <td>{tv('status', item.status)}</td>
                  <td>{tv('stage', item.stage)}</td>
                  <td>{tv('chemistry', item.chemistry)}</td>
                  <td>{item.grade ?? '–'}</td>
                  <td translate="no">{item.location ? `${item.location.siteId} / ${item.location.zone} / ${item.location.slot}` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('list.previous')}
        </button>
        <button type="button" disabled={!page?.nextCursor} onClick={() => page?.nextCursor && setCursors([...cursors, page.nextCursor])}>
          {t('list.next')}
        </button>
      </nav>
    </>
  );
}
