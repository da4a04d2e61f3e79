// ECharts options built by pure functions from data already shaped: the views pass API figures in,
// a unit test checks what comes out. Chart values are yuan numbers for drawing only; every label
// and tooltip shows the API's exact string through the one amount formatter.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { formatDigits, toFen } from '../format/amount';

export type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

/** Yuan in 万元 as a number, for the chart's geometry only (the axis is in 万元). */
const wanForDrawing = (text: string): number => Number(toFen(text)) / 1_000_000;

export interface CashPoint {
  month: string;
  cash: string;
}

/** A fund's cash at each month end: bars in 万元, the exact figure in the tooltip. */
export const cashChartOption = (points: CashPoint[], unitLabel: string): ChartOption => ({
  grid: { left: 8, right: 8, top: 24, bottom: 4, containLabel: true },
  tooltip: {
    trigger: 'axis',
    valueFormatter: undefined,
    formatter: (params: unknown) => {
      const first = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
      const point = points[first.dataIndex];
      return point === undefined ? '' : `${point.month}<br/>${formatDigits(point.cash, 'wan')} ${unitLabel}`;
    },
  },
  xAxis: { type: 'category', data: points.map((p) => p.month.slice(5)), axisTick: { show: false } },
  yAxis: { type: 'value', name: unitLabel, nameTextStyle: { align: 'left' }, splitNumber: 3 },
  series: [{ type: 'bar', data: points.map((p) => wanForDrawing(p.cash)), itemStyle: { color: '#c0392b' }, barMaxWidth: 18 }],
});

export interface CategoryAmount {
  label: string;
  count: number;
  amount: string;
}

/** Guarantees outstanding per county (or category): horizontal bars in 万元, largest first. */
export const breakdownChartOption = (rows: CategoryAmount[], unitLabel: string): ChartOption => {
  const sorted = [...rows].sort((a, b) => (toFen(a.amount) < toFen(b.amount) ? -1 : toFen(a.amount) > toFen(b.amount) ? 1 : 0));
  return {
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
        const row = sorted[first.dataIndex];
        return row === undefined ? '' : `${row.label}<br/>${row.count} · ${formatDigits(row.amount, 'wan')} ${unitLabel}`;
      },
    },
    xAxis: { type: 'value', name: unitLabel },
    yAxis: { type: 'category', data: sorted.map((r) => r.label) },
    series: [{ type: 'bar', data: sorted.map((r) => wanForDrawing(r.amount)), itemStyle: { color: '#2c6e9b' } }],
  };
};
