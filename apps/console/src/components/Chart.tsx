import { BarChart, GraphChart, PieChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import type { BarSeriesOption, GraphSeriesOption, PieSeriesOption, SankeySeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { useI18n, type I18n } from '../i18n';

// Only the charts the console draws are bundled (ECharts is tree-shaken through echarts/core).
use([BarChart, PieChart, SankeyChart, GraphChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | PieSeriesOption
  | SankeySeriesOption
  | GraphSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/**
 * A canvas chart. The picture is for the eye; every figure it shows is also in the page as
 * text (the cards' figures and tables), which screen readers and the tests read.
 */
export function Chart({ option, label, height = 260 }: { option: ChartOption; label: string; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | undefined>(undefined);
  useEffect(() => {
    const instance = init(element.current!, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={element} className="chart" role="img" aria-label={label} style={{ height }} />;
}

const PALETTE = ['#2f7d5b', '#d9a21b', '#c0392b', '#3b6ea8', '#7a5195', '#8d6e63', '#5f9ea0'];
const DEFAULTS: ChartOption = { color: PALETTE, tooltip: { trigger: 'axis' }, legend: { bottom: 0 } };

/**
 * A chart's option from its data, rebuilt only when the data or the language change; `build`
 * lives at module level, so it is stable. The console's palette, axis tooltip and bottom legend
 * are the defaults a builder overrides.
 */
export function useChartOption<Input>(build: (i18n: I18n, input: Input) => ChartOption, input: Input): ChartOption {
  const i18n = useI18n();
  return useMemo(() => ({ ...DEFAULTS, ...build(i18n, input) }), [build, i18n, input]);
}
