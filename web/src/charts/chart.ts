// A chart placeholder the view can return at once; ECharts arrives with its chunk and draws into it.
import { h } from '../ui/dom';
import type { ChartOption } from './options';

export const chart = (option: ChartOption, attrs: { class?: string; height?: number } = {}): HTMLElement => {
  const element = h('div', { class: `chart ${attrs.class ?? ''}`, style: `height:${attrs.height ?? 160}px` });
  void import('./echarts').then(({ drawChart }) => {
    // Drawn once the element is in the document, so it has a size.
    requestAnimationFrame(() => drawChart(element, option));
  });
  return element;
};
