import { describe, expect, it } from 'vitest';
import { CITY_IDS } from '../../../events/cities';
import { CITY_COUNTY_NAMES_ZH, countiesOf, countyCodesOf, countyNameEnOf, countyNameZh, isCountyOf, isFunctionalZone } from '../../../events/city-counties';
import { county } from '../../../events/primitives';

// The eleven Liaocheng shipped with before cities, in the order the enum had (stored events and the
// demo's injections, one per county in this order, depend on it).
const LIAOCHENG_BEFORE_CITIES = [
  ['dongchangfu', '东昌府区'],
  ['chiping', '茌平区'],
  ['linqing', '临清市'],
  ['yanggu', '阳谷县'],
  ['shenxian', '莘县'],
  ['donge', '东阿县'],
  ['guanxian', '冠县'],
  ['gaotang', '高唐县'],
  ['kaifaqu', '经济技术开发区'],
  ['gaoxinqu', '高新技术产业开发区'],
  ['dujiaqu', '江北水城旅游度假区'],
];

describe('the counties of the sixteen Shandong cities', () => {
  it('has a list for each of the sixteen cities and no other', () => {
    expect(Object.keys(CITY_COUNTY_NAMES_ZH).sort()).toEqual([...CITY_IDS].sort());
    for (const city of CITY_IDS) expect(countiesOf(city).length, city).toBeGreaterThanOrEqual(4);
  });

  it("keeps Liaocheng's eleven codes and names exactly, in their order", () => {
    expect(countiesOf('liaocheng').map((c) => [c.code, c.name])).toEqual(LIAOCHENG_BEFORE_CITIES);
  });

  it('counts the 136 county-level divisions of Shandong (58 districts, 52 counties, 26 county-level cities) besides Liaocheng’s 3 zones', () => {
    const all = CITY_IDS.flatMap((city) => countiesOf(city).map((c) => c.name)).filter((name) => !isFunctionalZone(name));
    expect(all).toHaveLength(136);
    expect(all.filter((n) => n.endsWith('区'))).toHaveLength(58);
    expect(all.filter((n) => n.endsWith('县'))).toHaveLength(52);
    expect(all.filter((n) => n.endsWith('市'))).toHaveLength(26);
  });

  it('gives every county a code that parses as an event county and is unique within its city, and a name ending in 区, 县 or 市 or naming a zone', () => {
    for (const city of CITY_IDS) {
      const codes = countyCodesOf(city);
      expect(new Set(codes).size, city).toBe(codes.length);
      expect(new Set(countiesOf(city).map((c) => c.name)).size, city).toBe(codes.length);
      for (const { code, name } of countiesOf(city)) {
        expect(county.safeParse(code).success, `${city}.${code}`).toBe(true);
        expect(/[区县市]$/.test(name) || isFunctionalZone(name), `${city}.${code} ${name}`).toBe(true);
      }
    }
  });

  it("lists Jinan's twelve as the issue names them, and 市中区 in both Jinan and Zaozhuang under the same code", () => {
    expect(countyCodesOf('jinan')).toEqual(['lixia', 'shizhong', 'huaiyin', 'tianqiao', 'licheng', 'changqing', 'zhangqiu', 'jiyang', 'laiwu', 'gangcheng', 'pingyin', 'shanghe']);
    expect(countyNameZh('jinan', 'shizhong')).toBe('市中区');
    expect(countyNameZh('zaozhuang', 'shizhong')).toBe('市中区');
  });

  it("answers whether a code is the city's, and nothing for another city's or an inherited property", () => {
    expect(isCountyOf('jinan', 'lixia')).toBe(true);
    expect(isCountyOf('liaocheng', 'lixia')).toBe(false);
    expect(isCountyOf('jinan', 'chiping')).toBe(false);
    expect(countyNameZh('jinan', 'toString')).toBeUndefined();
  });

  it('names counties in English: Liaocheng as the dashboard always did, the others by pinyin and kind', () => {
    expect(countiesOf('liaocheng').find((c) => c.code === 'donge')?.nameEn).toBe("Dong'e County");
    expect(countiesOf('liaocheng').find((c) => c.code === 'kaifaqu')?.nameEn).toBe('Economic and Technological Development Zone');
    expect(countyNameEnOf('lixia', '历下区')).toBe('Lixia District');
    expect(countyNameEnOf('caoxian', '曹县')).toBe('Cao County');
    expect(countyNameEnOf('jiaozhou', '胶州市')).toBe('Jiaozhou City');
  });
});
