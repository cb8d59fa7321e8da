import { useState, type FormEvent } from 'react';
import type { BatteryList, BatteryListItem } from '../../../../libs/projections/src/views/view-types';
import { DataTable, type DataColumn } from '../components/DataTable';
import { Problem } from '../components/Figures';
import { VALUES, type ValueSet } from '../commands';
import { useI18n } from '../i18n';
import { href } from '../route';
import type { Session } from '../session';
import { useLoaded } from '../useLoaded';

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
  const cursor = cursors[cursors.length - 1];
  const { value: page, error } = useLoaded(
    () => session.client.get<BatteryList>('/batteries', { ...filters, cursor }),
    [session, filters, cursor],
  );
  const columns: DataColumn<BatteryListItem>[] = [
    {
      key: 'batteryId',
      header: t('col.batteryId'),
      cell: (item) => (
        <a href={href(['battery', item.batteryId])} translate="no">
          {item.batteryId}
        </a>
      ),
    },
    { key: 'status', header: t('col.status'), cell: (item) => tv('status', item.status) },
    { key: 'stage', header: t('col.stage'), cell: (item) => tv('stage', item.stage) },
    { key: 'chemistry', header: t('chemistry'), cell: (item) => tv('chemistry', item.chemistry) },
    { key: 'grade', header: t('col.grade'), cell: (item) => item.grade ?? '–' },
    {
      key: 'location',
      header: t('col.location'),
      cell: ({ location }) => (location ? `${location.siteId} / ${location.zone} / ${location.slot}` : '–'),
      untranslated: true,
    },
  ];
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
        <DataTable columns={columns} rows={page.items} rowKey={(item) => item.batteryId} testId="battery-list" />
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
