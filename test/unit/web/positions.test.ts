import { describe, expect, it } from 'vitest';
import { chainStatus, countyLabel, sumBy, total } from '../../../web/src/pages/positions';

describe('fund positions shaping', () => {
  it('sums guarantees per county exactly, largest first', () => {
    const items = [
      { county: 'chiping', principal: '0.10' },
      { county: 'linqing', principal: '100.00' },
      { county: 'chiping', principal: '0.20' },
    ];
    // 0.10 + 0.20 = 0.30 exactly (a float sum would give 0.30000000000000004)
    expect(sumBy(items, (i) => i.county, (i) => i.principal)).toEqual([
      { key: 'linqing', count: 1, amount: '100.00' },
      { key: 'chiping', count: 2, amount: '0.30' },
    ]);
    expect(total(items, (i) => i.principal)).toBe('100.30');
    expect(total([], (i: { a: string }) => i.a)).toBe('0.00');
  });

  it("labels county buckets with the signed-in city's names in the page's language", () => {
    const jinan = [
      { code: 'lixia', name: '历下区', nameEn: 'Lixia District' },
      { code: 'shanghe', name: '商河县' },
    ];
    const zh = countyLabel(jinan, 'zh-CN', '未注明');
    expect([zh('lixia'), zh('unknown'), zh('chiping')]).toEqual(['历下区', '未注明', 'chiping']);
    const en = countyLabel(jinan, 'en', 'not stated');
    expect([en('lixia'), en('shanghe'), en('unknown')]).toEqual(['Lixia District', '商河县', 'not stated']);
  });

  it('finds the first event whose prevHash is not its predecessor’s hash', () => {
    const linked = [
      { version: 1, prevHash: '0', hash: 'a' },
      { version: 2, prevHash: 'a', hash: 'b' },
      { version: 3, prevHash: 'b', hash: 'c' },
    ];
    expect(chainStatus(linked)).toEqual({ count: 3, brokenAt: undefined });
    expect(chainStatus([...linked.slice(0, 2), { version: 3, prevHash: 'x', hash: 'c' }])).toEqual({ count: 3, brokenAt: 3 });
  });
});
