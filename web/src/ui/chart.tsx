import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useId, useRef } from 'react';
import { useI18n } from '../i18n/i18n';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/** What a chart draws, as a table: the same figures for whoever cannot see the canvas. */
export interface ChartData {
  head: string[];
  rows: (string | number)[][];
}

/**
 * One ECharts canvas; `label` names it for screen readers and tests, and its
 * figures are also a sentence (read with the name) and a table one click away.
 */
export function Chart({
  option,
  label,
  data,
  height = 280,
}: {
  option: ChartOption;
  label: string;
  data: ChartData;
  height?: number;
}) {
  const { t } = useI18n();
  const summaryId = useId();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!element.current) {
      return;
    }
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
        textStyle: { fontFamily: 'inherit' },
        color: ['#1d4ed8', '#dc2626', '#0891b2', '#ca8a04', '#7c3aed'],
        ...option,
      },
      true,
    );
  }, [option]);
  const summary = data.rows
    .map((row) => `${row[0]}: ${row.slice(1).map(String).join(' / ')}`)
    .join('; ');
  return (
    <figure className="chart-figure">
      <div
        ref={element}
        className="chart"
        role="img"
        aria-label={label}
        aria-describedby={summaryId}
        style={{ height }}
      />
      <figcaption id={summaryId} className="sr-only">
        {`${data.head.join(' / ')} — ${summary}`}
      </figcaption>
      <details className="chart-data">
        <summary>{t('chart.showData')}</summary>
        <table className="table compact" aria-label={t('chart.dataOf', { name: label })}>
          <thead>
            <tr>
              {data.head.map((name) => (
                <th scope="col" key={name}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, index) =>
                  index === 0 ? (
                    <th scope="row" key={index}>
                      {cell}
                    </th>
                  ) : (
                    <td key={index} className="num">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
