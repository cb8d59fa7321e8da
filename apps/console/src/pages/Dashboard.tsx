import { useMemo } from 'react';
import { Chart, type ChartOption } from '../components/Chart';
import { Card, Figure, Problem } from '../components/Figures';
import { VALUES } from '../commands';
import { useI18n, type I18n } from '../i18n';
import type { Session } from '../session';
import { useViews } from '../useViews';
import type { CircularityView, GradesView, InventoryView, LifecycleView, MaterialsView, Views, CertificatesView } from '../views';

const HAZARDS = VALUES.hazardClass;
const SOC_BANDS = ['<30', '30-50', '50-80', '>80', 'unknown'] as const;
const SOH_BUCKETS = Array.from({ length: 10 }, (_, index) => `${index * 10}-${index * 10 + 10}`);
const PALETTE = ['#2f7d5b', '#d9a21b', '#c0392b', '#3b6ea8', '#7a5195', '#8d6e63', '#5f9ea0'];
const tooltip = { trigger: 'axis' as const };

const socLabel = (i18n: I18n, band: string) => (band === 'unknown' ? i18n.tv('socBand', band) : `${band} %`);

function inventoryChart(i18n: I18n, view: InventoryView): ChartOption {
  const zones = view.sites.flatMap((site) => site.zones.map((zone) => ({ site: site.siteId, ...zone })));
  const axis = zones.map((zone) => `${zone.site} / ${zone.zone}`);
  return {
    color: PALETTE,
    tooltip,
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 16, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: axis },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      ...HAZARDS.map((hazard) => ({
        type: 'bar' as const,
        stack: 'hazard',
        name: i18n.tv('hazardClass', hazard),
        data: zones.map((zone) => zone.byHazardClass[hazard] ?? 0),
      })),
      {
        type: 'bar' as const,
        stack: 'hazard',
        name: i18n.t('free'),
        itemStyle: { color: '#dfe6e2' },
        data: zones.map((zone) => Math.max(zone.capacity - zone.occupied, 0)),
      },
      ...SOC_BANDS.map((band) => ({
        type: 'bar' as const,
        stack: 'soc',
        name: socLabel(i18n, band),
        data: zones.map((zone) => zone.bySocBand[band] ?? 0),
      })),
    ],
  };
}

function Inventory({ view }: { view: InventoryView }) {
  const i18n = useI18n();
  const { t, tv } = i18n;
  const option = useMemo(() => inventoryChart(i18n, view), [i18n, view]);
  return (
    <Card title={t('dash.inventory')} wide>
      {view.sites.length === 0 ? <p>{t('dash.noSites')}</p> : <Chart option={option} label={t('dash.inventory')} />}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('site')}</th>
              <th scope="col">{t('zone')}</th>
              <th scope="col">{t('capacity')}</th>
              <th scope="col">{t('occupied')}</th>
              {HAZARDS.map((hazard) => (
                <th scope="col" key={hazard}>
                  {tv('hazardClass', hazard)}
                </th>
              ))}
              {SOC_BANDS.map((band) => (
                <th scope="col" key={band}>
                  {socLabel(i18n, band)}
                </th>
              ))}
              <th scope="col">{t('meanDwellDays')}</th>
            </tr>
          </thead>
          <tbody>
            {view.sites.flatMap((site) =>
              site.zones.map((zone) => {
                const id = (name: string) => `fig-inventory-${site.siteId}-${zone.zone}-${name}`;
                return (
                  <tr key={`${site.siteId}/${zone.zone}`}>
                    <td translate="no">{site.siteId}</td>
                    <td>
                      <span translate="no">{zone.zone}</span> ({tv('zoneKind', zone.kind)})
                    </td>
                    <td data-testid={id('capacity')}>{zone.capacity}</td>
                    <td data-testid={id('occupied')}>{zone.occupied}</td>
                    {HAZARDS.map((hazard) => (
                      <td key={hazard} data-testid={id(hazard)}>
                        {zone.byHazardClass[hazard] ?? 0}
                      </td>
                    ))}
                    {SOC_BANDS.map((band) => (
                      <td key={band} data-testid={id(band)}>
                        {zone.bySocBand[band] ?? 0}
                      </td>
                    ))}
                    <td data-testid={id('meanDwellDays')}>{i18n.number(zone.meanDwellDays)}</td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function Lifecycle({ view }: { view: LifecycleView }) {
  const i18n = useI18n();
  const { t, tv } = i18n;
  const option = useMemo<ChartOption>(
    () => ({
      color: PALETTE,
      tooltip,
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: VALUES.stage.map((stage) => tv('stage', stage)) },
      series: [{ type: 'bar', name: t('count'), data: VALUES.stage.map((stage) => view.byStage[stage] ?? 0) }],
    }),
    [i18n, view],
  );
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

function Grades({ view }: { view: GradesView }) {
  const i18n = useI18n();
  const { t, tv } = i18n;
  const chemistries = Object.keys(view.byChemistry);
  const option = useMemo<ChartOption>(
    () => ({
      color: PALETTE,
      tooltip,
      legend: { bottom: 0 },
      grid: [
        { left: 8, width: '38%', top: 16, bottom: 48, containLabel: true },
        { right: 8, width: '50%', top: 16, bottom: 48, containLabel: true },
      ],
      xAxis: [
        { type: 'category', gridIndex: 0, data: chemistries.map((chemistry) => tv('chemistry', chemistry)) },
        { type: 'category', gridIndex: 1, data: SOH_BUCKETS, name: 'SoH %' },
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
          data: chemistries.map((chemistry) => view.byChemistry[chemistry]![grade]),
        })),
        ...chemistries.map((chemistry) => ({
          type: 'bar' as const,
          xAxisIndex: 1,
          yAxisIndex: 1,
          stack: 'soh',
          name: tv('chemistry', chemistry),
          data: SOH_BUCKETS.map((bucket) => view.byChemistry[chemistry]!.sohHistogram[bucket] ?? 0),
        })),
      ],
    }),
    [i18n, view],
  );
  return (
    <Card title={t('dash.grades')} wide>
      <Chart option={option} label={`${t('dash.grades')}; ${t('dash.sohHistogram')}`} />
      <div className="table-scroll">
        <table>
          <caption>{t('dash.sohHistogram')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chemistry')}</th>
              {VALUES.grade.map((grade) => (
                <th scope="col" key={grade}>{`${t('col.grade')} ${grade}`}</th>
              ))}
              {SOH_BUCKETS.map((bucket) => (
                <th scope="col" key={bucket}>
                  {bucket}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {chemistries.map((chemistry) => {
              const counts = view.byChemistry[chemistry]!;
              return (
                <tr key={chemistry}>
                  <th scope="row">{tv('chemistry', chemistry)}</th>
                  {VALUES.grade.map((grade) => (
                    <td key={grade} data-testid={`fig-grades-${chemistry}-${grade}`}>
                      {counts[grade]}
                    </td>
                  ))}
                  {SOH_BUCKETS.map((bucket) => (
                    <td key={bucket} data-testid={`fig-grades-${chemistry}-soh-${bucket}`}>
                      {counts.sohHistogram[bucket] ?? 0}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function circularityChart(i18n: I18n, view: CircularityView): ChartOption {
  const { t, tv } = i18n;
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
    color: PALETTE,
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
  const i18n = useI18n();
  const { t, tv } = i18n;
  const option = useMemo(() => circularityChart(i18n, view), [i18n, view]);
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

function Materials({ view }: { view: MaterialsView }) {
  const i18n = useI18n();
  const { t, tv, number } = i18n;
  const elements = Object.keys(view.elements);
  const option = useMemo<ChartOption>(
    () => ({
      color: ['#3b6ea8', '#c0392b'],
      tooltip,
      legend: { bottom: 0 },
      grid: { left: 8, right: 8, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: 'category', data: elements.map((element) => tv('element', element)) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
      series: [
        { type: 'bar', name: t('mat.recoveryPct'), data: elements.map((element) => view.elements[element]!.recoveryPct) },
        {
          type: 'bar',
          name: t('mat.targetPct'),
          barGap: '-100%',
          itemStyle: { color: 'transparent', borderColor: '#c0392b', borderWidth: 2, borderType: 'dashed' },
          data: elements.map((element) => view.elements[element]!.targetPct),
        },
      ],
    }),
    [i18n, view],
  );
  return (
    <Card title={t('dash.materials')} wide>
      <Chart option={option} label={t('dash.materials')} />
      <dl className="figures">
        <Figure id="fig-materials-batteriesRecycled" label={t('mat.batteriesRecycled')} value={view.batteriesRecycled} />
        <Figure id="fig-materials-inputMassKg" label={t('mat.inputMassKg')} value={view.inputMassKg} />
        <Figure id="fig-materials-recyclingEfficiencyPct" label={t('mat.efficiency')} value={view.recyclingEfficiencyPct} />
      </dl>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {(['mat.element', 'mat.declaredKg', 'mat.recoveredKg', 'mat.recoveryPct', 'mat.targetPct'] as const).map((key) => (
                <th scope="col" key={key}>
                  {t(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {elements.map((element) => {
              const figures = view.elements[element]!;
              return (
                <tr key={element}>
                  <th scope="row">{tv('element', element)}</th>
                  {(['declaredKg', 'recoveredKg', 'recoveryPct', 'targetPct'] as const).map((name) => (
                    <td key={name} data-testid={`fig-materials-${element}-${name}`} data-value={figures[name] ?? ''}>
                      {number(figures[name])}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function Certificates({ view }: { view: CertificatesView }) {
  const i18n = useI18n();
  const { t, tv } = i18n;
  const option = useMemo<ChartOption>(
    () => ({
      color: ['#2f7d5b', '#c0392b', '#9e9e9e'],
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          label: { formatter: '{b}: {c}' },
          // Zero slices are left out: an empty ring, not three equal ones, when nothing was issued.
          data: (['active', 'revoked', 'expired'] as const)
            .filter((status) => view[status] > 0)
            .map((status) => ({ name: t(`cert.${status}`), value: view[status] })),
        },
      ],
    }),
    [i18n, view],
  );
  return (
    <Card title={t('dash.certificates')}>
      <Chart option={option} label={t('dash.certificates')} height={220} />
      <dl className="figures">
        {(['issued', 'active', 'revoked', 'expired'] as const).map((status) => (
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
