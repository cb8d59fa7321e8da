import { SOC_BANDS, SOH_BANDS as SOH_BUCKETS } from '../../../../libs/projections/src/summaries/bands';
import { Chart, useChartOption, type ChartOption } from '../components/Chart';
import { DataTable, type DataColumn } from '../components/DataTable';
import { Card, Figure, Problem } from '../components/Figures';
import { VALUES } from '../commands';
import { useI18n, type I18n } from '../i18n';
import type { Session } from '../session';
import { useViews } from '../useViews';
import type { CertificatesView, CircularityView, GradesView, InventoryView, LifecycleView, MaterialsView, Views } from '../views';

type InventoryZone = InventoryView['sites'][number]['zones'][number];
type ZoneRow = InventoryZone & { siteId: string };
type ChemistryRow = GradesView['byChemistry'][keyof GradesView['byChemistry']] & { chemistry: string };
type ElementRow = MaterialsView['elements'][keyof MaterialsView['elements']] & { element: string };

const HAZARDS = VALUES.hazardClass;
const GRID = { left: 8, right: 8, top: 16, bottom: 48, containLabel: true };

const socLabel = (i18n: I18n, band: string) => (band === 'unknown' ? i18n.tv('socBand', band) : `${band} %`);
const zonesOf = (view: InventoryView): ZoneRow[] =>
  view.sites.flatMap((site) => site.zones.map((zone) => ({ ...zone, siteId: site.siteId })));

function inventoryChart(i18n: I18n, view: InventoryView): ChartOption {
  const zones = zonesOf(view);
  const bars = (stack: string, name: string, data: number[]) => ({ type: 'bar' as const, stack, name, data });
  return {
    grid: GRID,
    xAxis: { type: 'category', data: zones.map((zone) => `${zone.siteId} / ${zone.zone}`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      ...HAZARDS.map((hazard) =>
        bars(
          'hazard',
          i18n.tv('hazardClass', hazard),
          zones.map((zone) => zone.byHazardClass[hazard] ?? 0),
        ),
      ),
      {
        ...bars(
          'hazard',
          i18n.t('free'),
          zones.map((zone) => Math.max(zone.capacity - zone.occupied, 0)),
        ),
        itemStyle: { color: '#dfe6e2' },
      },
      ...SOC_BANDS.map((band) =>
        bars(
          'soc',
          socLabel(i18n, band),
          zones.map((zone) => zone.bySocBand[band] ?? 0),
        ),
      ),
    ],
  };
}

function Inventory({ view }: { view: InventoryView }) {
  const i18n = useI18n();
  const { t, tv } = i18n;
  const option = useChartOption(inventoryChart, view);
  const id = (zone: ZoneRow, name: string) => `fig-inventory-${zone.siteId}-${zone.zone}-${name}`;
  const count = (key: string, header: string, read: (zone: ZoneRow) => number | undefined): DataColumn<ZoneRow> => ({
    key,
    header,
    cell: (zone) => read(zone) ?? 0,
    testId: (zone) => id(zone, key),
  });
  const columns: DataColumn<ZoneRow>[] = [
    { key: 'site', header: t('site'), cell: (zone) => zone.siteId, untranslated: true },
    {
      key: 'zone',
      header: t('zone'),
      cell: (zone) => (
        <>
          <span translate="no">{zone.zone}</span> ({tv('zoneKind', zone.kind)})
        </>
      ),
    },
    count('capacity', t('capacity'), (zone) => zone.capacity),
    count('occupied', t('occupied'), (zone) => zone.occupied),
    ...HAZARDS.map((hazard) => count(hazard, tv('hazardClass', hazard), (zone) => zone.byHazardClass[hazard])),
    ...SOC_BANDS.map((band) => count(band, socLabel(i18n, band), (zone) => zone.bySocBand[band])),
    {
      key: 'meanDwellDays',
      header: t('meanDwellDays'),
      cell: (zone) => i18n.number(zone.meanDwellDays),
      testId: (zone) => id(zone, 'meanDwellDays'),
    },
  ];
  return (
    <Card title={t('dash.inventory')} wide>
      {view.sites.length === 0 ? <p>{t('dash.noSites')}</p> : <Chart option={option} label={t('dash.inventory')} />}
      <DataTable columns={columns} rows={zonesOf(view)} rowKey={(zone) => `${zone.siteId}/${zone.zone}`} />
    </Card>
  );
}

const lifecycleChart = ({ t, tv }: I18n, view: LifecycleView): ChartOption => ({
  legend: { show: false },
  grid: { ...GRID, bottom: 8 },
  xAxis: { type: 'value', minInterval: 1 },
  yAxis: { type: 'category', inverse: true, data: VALUES.stage.map((stage) => tv('stage', stage)) },
  series: [{ type: 'bar', name: t('count'), data: VALUES.stage.map((stage) => view.byStage[stage] ?? 0) }],
});

function Lifecycle({ view }: { view: LifecycleView }) {
  const { t, tv } = useI18n();
  const option = useChartOption(lifecycleChart, view);
  return (
    <Card title={t('dash.lifecycle')}>
      <Chart option={option} label={t('dash.lifecycle')} height={220} />
      <dl className="figures">
        <Figure id="fig-lifecycle-total" label={t('total')} value={view.total} />
        {VALUES.stage.map((stage) => (
          <Figure key={stage} id={`fig-lifecycle-byStage-${stage}`} label={tv('stage', stage)} value={view.byStage[stage]} />
        ))}
      </dl>
      <dl className="figures">
        {VALUES.status.map((status) => (
          <Figure key={status} id={`fig-lifecycle-byStatus-${status}`} label={tv('status', status)} value={view.byStatus[status]} />
        ))}
      </dl>
    </Card>
  );
}

const chemistriesOf = (view: GradesView): ChemistryRow[] =>
  Object.entries(view.byChemistry).map(([chemistry, counts]) => ({ ...counts, chemistry }));

function gradesChart({ t, tv }: I18n, view: GradesView): ChartOption {
  const chemistries = chemistriesOf(view);
  return {
    grid: [
      { ...GRID, right: undefined, width: '38%' },
      { ...GRID, left: undefined, width: '50%' },
    ],
    xAxis: [
      { type: 'category', gridIndex: 0, data: chemistries.map((row) => tv('chemistry', row.chemistry)) },
      { type: 'category', gridIndex: 1, data: [...SOH_BUCKETS], name: 'SoH %' },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, minInterval: 1 },
      { type: 'value', gridIndex: 1, minInterval: 1 },
    ],
    series: [
      ...VALUES.grade.map((grade) => ({
        type: 'bar' as const,
        stack: 'grade',
        name: `${t('col.grade')} ${grade}`,
        data: chemistries.map((row) => row[grade]),
      })),
      ...chemistries.map((row) => ({
        type: 'bar' as const,
        xAxisIndex: 1,
        yAxisIndex: 1,
        stack: 'soh',
        name: tv('chemistry', row.chemistry),
        data: SOH_BUCKETS.map((bucket) => row.sohHistogram[bucket] ?? 0),
      })),
    ],
  };
}

function Grades({ view }: { view: GradesView }) {
  const { t, tv } = useI18n();
  const option = useChartOption(gradesChart, view);
  const columns: DataColumn<ChemistryRow>[] = [
    { key: 'chemistry', header: t('chemistry'), cell: (row) => tv('chemistry', row.chemistry), rowHeader: true },
    ...VALUES.grade.map((grade): DataColumn<ChemistryRow> => ({
      key: grade,
      header: `${t('col.grade')} ${grade}`,
      cell: (row) => row[grade],
      testId: (row) => `fig-grades-${row.chemistry}-${grade}`,
    })),
    ...SOH_BUCKETS.map((bucket): DataColumn<ChemistryRow> => ({
      key: bucket,
      header: bucket,
      cell: (row) => row.sohHistogram[bucket] ?? 0,
      testId: (row) => `fig-grades-${row.chemistry}-soh-${bucket}`,
    })),
  ];
  return (
    <Card title={t('dash.grades')} wide>
      <Chart option={option} label={`${t('dash.grades')}; ${t('dash.sohHistogram')}`} />
      <DataTable columns={columns} rows={chemistriesOf(view)} rowKey={(row) => row.chemistry} caption={t('dash.sohHistogram')} />
    </Card>
  );
}

function circularityChart({ t, tv }: I18n, view: CircularityView): ChartOption {
  const node = {
    received: t('circ.received'),
    evaluated: t('circ.evaluated'),
    secondLife: t('circ.secondLife'),
    handedOver: t('circ.handedOver'),
    recycled: t('circ.recycled'),
  };
  const kinds = Object.entries(view.secondLife.byKind).filter(([, n]) => n > 0);
  const links = [
    { source: node.received, target: node.evaluated, value: view.evaluated },
    { source: node.evaluated, target: node.secondLife, value: view.secondLife.total },
    { source: node.received, target: node.handedOver, value: view.handedOver },
    { source: node.handedOver, target: node.recycled, value: view.recycled },
    ...kinds.map(([kind, value]) => ({ source: node.secondLife, target: tv('kind', kind), value })),
  ].filter((link) => link.value > 0);
  const names = [...new Set(links.flatMap((link) => [link.source, link.target]))];
  return {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 96,
        nodeAlign: 'left',
        emphasis: { focus: 'adjacency' },
        data: names.map((name) => ({ name })),
        links,
        lineStyle: { color: 'gradient', opacity: 0.4 },
      },
    ],
  };
}

function Circularity({ view }: { view: CircularityView }) {
  const { t, tv } = useI18n();
  const option = useChartOption(circularityChart, view);
  return (
    <Card title={t('dash.circularity')} wide>
      <Chart option={option} label={t('dash.circularity')} />
      <dl className="figures">
        <Figure id="fig-circularity-received" label={t('circ.received')} value={view.received} />
        <Figure id="fig-circularity-evaluated" label={t('circ.evaluated')} value={view.evaluated} />
        <Figure id="fig-circularity-secondLife-total" label={t('circ.secondLife')} value={view.secondLife.total} />
        <Figure id="fig-circularity-handedOver" label={t('circ.handedOver')} value={view.handedOver} />
        <Figure id="fig-circularity-recycled" label={t('circ.recycled')} value={view.recycled} />
        <Figure
          id="fig-circularity-secondLifeShare"
          label={t('circ.share')}
          value={view.secondLifeShare === null ? null : Math.round(view.secondLifeShare * 10000) / 100}
          suffix=" %"
        />
        <Figure id="fig-circularity-secondLife-energyKWh" label={t('circ.energy')} value={view.secondLife.energyKWh} />
      </dl>
      <dl className="figures">
        {Object.entries(view.secondLife.byKind).map(([kind, n]) => (
          <Figure key={kind} id={`fig-circularity-byKind-${kind}`} label={tv('kind', kind)} value={n} />
        ))}
        {Object.entries(view.secondLife.byApplication).map(([application, n]) => (
          <Figure key={application} id={`fig-circularity-byApplication-${application}`} label={tv('application', application)} value={n} />
        ))}
      </dl>
    </Card>
  );
}

const elementsOf = (view: MaterialsView): ElementRow[] =>
  Object.entries(view.elements).map(([element, figures]) => ({ ...figures, element }));

function materialsChart({ t, tv }: I18n, view: MaterialsView): ChartOption {
  const elements = elementsOf(view);
  return {
    color: ['#3b6ea8', '#c0392b'],
    grid: GRID,
    xAxis: { type: 'category', data: elements.map((row) => tv('element', row.element)) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
    series: [
      { type: 'bar', name: t('mat.recoveryPct'), data: elements.map((row) => row.recoveryPct) },
      {
        type: 'bar',
        name: t('mat.targetPct'),
        barGap: '-100%',
        itemStyle: { color: 'transparent', borderColor: '#c0392b', borderWidth: 2, borderType: 'dashed' },
        data: elements.map((row) => row.targetPct),
      },
    ],
  };
}

function Materials({ view }: { view: MaterialsView }) {
  const { t, tv, number } = useI18n();
  const option = useChartOption(materialsChart, view);
  const columns: DataColumn<ElementRow>[] = [
    { key: 'element', header: t('mat.element'), cell: (row) => tv('element', row.element), rowHeader: true },
    ...(['declaredKg', 'recoveredKg', 'recoveryPct', 'targetPct'] as const).map((name): DataColumn<ElementRow> => ({
      key: name,
      header: t(`mat.${name}`),
      cell: (row) => number(row[name]),
      testId: (row) => `fig-materials-${row.element}-${name}`,
    })),
  ];
  return (
    <Card title={t('dash.materials')} wide>
      <Chart option={option} label={t('dash.materials')} />
      <dl className="figures">
        <Figure id="fig-materials-batteriesRecycled" label={t('mat.batteriesRecycled')} value={view.batteriesRecycled} />
        <Figure id="fig-materials-inputMassKg" label={t('mat.inputMassKg')} value={view.inputMassKg} />
        <Figure id="fig-materials-recyclingEfficiencyPct" label={t('mat.efficiency')} value={view.recyclingEfficiencyPct} />
      </dl>
      <DataTable columns={columns} rows={elementsOf(view)} rowKey={(row) => row.element} />
    </Card>
  );
}

const CERTIFICATE_STATES = ['active', 'revoked', 'expired'] as const;

const certificatesChart = ({ t }: I18n, view: CertificatesView): ChartOption => ({
  color: ['#2f7d5b', '#c0392b', '#9e9e9e'],
  tooltip: { trigger: 'item' },
  series: [
    {
      type: 'pie',
      radius: ['45%', '70%'],
      label: { formatter: '{b}: {c}' },
      // Zero slices are left out: an empty ring, not three equal ones, when nothing was issued.
      data: CERTIFICATE_STATES.filter((status) => view[status] > 0).map((status) => ({ name: t(`cert.${status}`), value: view[status] })),
    },
  ],
});

function Certificates({ view }: { view: CertificatesView }) {
  const { t, tv } = useI18n();
  const option = useChartOption(certificatesChart, view);
  return (
    <Card title={t('dash.certificates')}>
      <Chart option={option} label={t('dash.certificates')} height={220} />
      <dl className="figures">
        {(['issued', ...CERTIFICATE_STATES] as const).map((status) => (
          <Figure key={status} id={`fig-certificates-${status}`} label={t(`cert.${status}`)} value={view[status]} />
        ))}
      </dl>
      <h3>{t('dash.byApplication')}</h3>
      <dl className="figures">
        {Object.entries(view.byApplication).map(([application, n]) => (
          <Figure key={application} id={`fig-certificates-byApplication-${application}`} label={tv('application', application)} value={n} />
        ))}
      </dl>
    </Card>
  );
}

function Panels({ views }: { views: Views }) {
  return (
    <div className="grid">
      <Inventory view={views.inventory} />
      <Lifecycle view={views.lifecycle} />
      <Certificates view={views.certificates} />
      <Circularity view={views.circularity} />
      <Grades view={views.grades} />
      <Materials view={views.materials} />
    </div>
  );
}

export function Dashboard({ session }: { session: Session }) {
  const { t, dateTime } = useI18n();
  const { views, error, updatedAt } = useViews(session.client);
  return (
    <>
      <header className="page-head">
        <h1>{t('dash.title')}</h1>
        {views && (
          <p className="muted" aria-live="polite">
            {t('dash.position')} <span data-testid="dashboard-position">{views.inventory.asOfPosition}</span> · {t('dash.updated')}{' '}
            {dateTime(updatedAt?.toISOString())}
          </p>
        )}
      </header>
      <Problem error={error} />
      {views ? <Panels views={views} /> : <p>{t('loading')}</p>}
    </>
  );
}
