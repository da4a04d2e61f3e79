// Only the ECharts parts the dashboard draws with (bar charts on a grid, tooltips, canvas), loaded
// on demand so they are a chunk of their own.
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartOption } from './options';

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export const drawChart = (element: HTMLElement, option: ChartOption): void => {
  const chart = init(element, undefined, { renderer: 'canvas' });
  chart.setOption(option);
  new ResizeObserver(() => chart.resize()).observe(element);
};
