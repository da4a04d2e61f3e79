// The cities one deployment serves (issue 24, DESIGN §10): Shandong's sixteen prefecture-level
// cities, by stable pinyin id. A city owns its funds and everything under them; every key of both
// tables begins with it (functions/store/city-keys.ts).
import * as z from 'zod';

export const CITY_NAMES_ZH = {
  jinan: '济南市',
  qingdao: '青岛市',
  zibo: '淄博市',
  zaozhuang: '枣庄市',
  dongying: '东营市',
  yantai: '烟台市',
  weifang: '潍坊市',
  jining: '济宁市',
  taian: '泰安市',
  weihai: '威海市',
  rizhao: '日照市',
  linyi: '临沂市',
  dezhou: '德州市',
  liaocheng: '聊城市',
  binzhou: '滨州市',
  heze: '菏泽市',
} as const;

export type CityId = keyof typeof CITY_NAMES_ZH;
export const CITY_IDS = Object.keys(CITY_NAMES_ZH) as [CityId, ...CityId[]];
export const cityId = z.enum(CITY_IDS);

/** The city of data and tokens that name none: the single-city deployment this grew from. */
export const DEFAULT_CITY: CityId = 'liaocheng';

export const isCityId = (value: string): value is CityId => (CITY_IDS as readonly string[]).includes(value);
