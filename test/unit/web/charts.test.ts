import { describe, expect, it } from 'vitest';
import { breakdownChartOption, cashChartOption } from '../../../web/src/charts/options';

type Series = { data: number[] }[];
type Formatter = (params: unknown) => string;

describe('chart options', () => {
  it('draws month-end cash in 万元 and shows the exact figure in the tooltip', () => {
    const option = cashChartOption(
      [
        { month: '2024-01', cash: '12345678.90' },
        { month: '2024-02', cash: '-0.01' },
      ],
      '万元',
    );
    expect((option.xAxis as { data: string[] }).data).toEqual(['01', '02']);
    // 12,345,678.90 yuan = 1,234.56789 万元; −0.01 yuan = −0.000001 万元
    expect((option.series as Series)[0]?.data).toEqual([1234.56789, -0.000001]);
    const tooltip = (option.tooltip as { formatter: Formatter }).formatter([{ dataIndex: 0 }]);
    expect(tooltip).toBe('2024-01<br/>1,234.56789 万元');
  });

  it('orders a breakdown by amount, largest at the top of the bars', () => {
    const option = breakdownChartOption(
      [
        { label: '茌平区', count: 2, amount: '300000.00' },
        { label: '临清市', count: 1, amount: '5000000.00' },
        { label: '冠县', count: 3, amount: '900000.00' },
      ],
      '万元',
    );
    // ECharts draws a category axis bottom-up: smallest first puts the largest on top.
    expect((option.yAxis as { data: string[] }).data).toEqual(['茌平区', '冠县', '临清市']);
    expect((option.series as Series)[0]?.data).toEqual([30, 90, 500]);
    expect((option.tooltip as { formatter: Formatter }).formatter([{ dataIndex: 2 }])).toBe('临清市<br/>1 · 500 万元');
  });
});
