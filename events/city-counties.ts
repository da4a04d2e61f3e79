import type { CityId } from './cities';
import type { CountyCode } from './primitives';

// The county-level divisions (县级行政区: 市辖区, 县, 县级市) of each of Shandong's sixteen cities
// as of 2024, 136 in all (58 districts, 52 counties, 26 county-level cities), in the official
// order: districts, counties, county-level cities. Each has a pinyin code, stable and unique within
// its city (not across cities: Jinan and Zaozhuang both have a 市中区 `shizhong`); a one-character
// name keeps `xian` in its code (冠县 guanxian, 曹县 caoxian), as Liaocheng's always did.
// Liaocheng's list is exactly the eleven the system shipped with before cities (its 8 divisions
// and 3 functional zones, 功能区, which its bureau books like counties): stored events name them.

const LIAOCHENG = {
  dongchangfu: '东昌府区',
  chiping: '茌平区',
  linqing: '临清市',
  yanggu: '阳谷县',
  shenxian: '莘县',
  donge: '东阿县',
  guanxian: '冠县',
  gaotang: '高唐县',
  kaifaqu: '经济技术开发区',
  gaoxinqu: '高新技术产业开发区',
  dujiaqu: '江北水城旅游度假区',
} as const;

/** Each city's counties, districts and county-level cities: code → Chinese name, in the official order. */
export const CITY_COUNTY_NAMES_ZH = {
  jinan: {
    lixia: '历下区',
    shizhong: '市中区',
    huaiyin: '槐荫区',
    tianqiao: '天桥区',
    licheng: '历城区',
    changqing: '长清区',
    zhangqiu: '章丘区',
    jiyang: '济阳区',
    laiwu: '莱芜区',
    gangcheng: '钢城区',
    pingyin: '平阴县',
    shanghe: '商河县',
  },
  qingdao: {
    shinan: '市南区',
    shibei: '市北区',
    huangdao: '黄岛区',
    laoshan: '崂山区',
    licang: '李沧区',
    chengyang: '城阳区',
    jimo: '即墨区',
    jiaozhou: '胶州市',
    pingdu: '平度市',
    laixi: '莱西市',
  },
  zibo: {
    zichuan: '淄川区',
    zhangdian: '张店区',
    boshan: '博山区',
    linzi: '临淄区',
    zhoucun: '周村区',
    huantai: '桓台县',
    gaoqing: '高青县',
    yiyuan: '沂源县',
  },
  zaozhuang: {
    shizhong: '市中区',
    xuecheng: '薛城区',
    yicheng: '峄城区',
    taierzhuang: '台儿庄区',
    shanting: '山亭区',
    tengzhou: '滕州市',
  },
  dongying: {
    dongying: '东营区',
    hekou: '河口区',
    kenli: '垦利区',
    lijin: '利津县',
    guangrao: '广饶县',
  },
  yantai: {
    // 长岛县 was merged into 蓬莱区 in 2020 (长岛 is now a zone, 长岛综合试验区, not a county).
    zhifu: '芝罘区',
    fushan: '福山区',
    muping: '牟平区',
    laishan: '莱山区',
    penglai: '蓬莱区',
    longkou: '龙口市',
    laiyang: '莱阳市',
    laizhou: '莱州市',
    zhaoyuan: '招远市',
    qixia: '栖霞市',
    haiyang: '海阳市',
  },
  weifang: {
    weicheng: '潍城区',
    hanting: '寒亭区',
    fangzi: '坊子区',
    kuiwen: '奎文区',
    linqu: '临朐县',
    changle: '昌乐县',
    qingzhou: '青州市',
    zhucheng: '诸城市',
    shouguang: '寿光市',
    anqiu: '安丘市',
    gaomi: '高密市',
    changyi: '昌邑市',
  },
  jining: {
    rencheng: '任城区',
    yanzhou: '兖州区',
    weishan: '微山县',
    yutai: '鱼台县',
    jinxiang: '金乡县',
    jiaxiang: '嘉祥县',
    wenshang: '汶上县',
    sishui: '泗水县',
    liangshan: '梁山县',
    qufu: '曲阜市',
    zoucheng: '邹城市',
  },
  taian: {
    taishan: '泰山区',
    daiyue: '岱岳区',
    ningyang: '宁阳县',
    dongping: '东平县',
    xintai: '新泰市',
    feicheng: '肥城市',
  },
  weihai: {
    huancui: '环翠区',
    wendeng: '文登区',
    rongcheng: '荣成市',
    rushan: '乳山市',
  },
  rizhao: {
    donggang: '东港区',
    lanshan: '岚山区',
    wulian: '五莲县',
    juxian: '莒县',
  },
  linyi: {
    lanshan: '兰山区',
    luozhuang: '罗庄区',
    hedong: '河东区',
    yinan: '沂南县',
    tancheng: '郯城县',
    yishui: '沂水县',
    lanling: '兰陵县',
    feixian: '费县',
    pingyi: '平邑县',
    junan: '莒南县',
    mengyin: '蒙阴县',
    linshu: '临沭县',
  },
  dezhou: {
    decheng: '德城区',
    lingcheng: '陵城区',
    ningjin: '宁津县',
    qingyun: '庆云县',
    linyi: '临邑县',
    qihe: '齐河县',
    pingyuan: '平原县',
    xiajin: '夏津县',
    wucheng: '武城县',
    laoling: '乐陵市',
    yucheng: '禹城市',
  },
  liaocheng: LIAOCHENG,
  binzhou: {
    bincheng: '滨城区',
    zhanhua: '沾化区',
    huimin: '惠民县',
    yangxin: '阳信县',
    wudi: '无棣县',
    boxing: '博兴县',
    zouping: '邹平市',
  },
  heze: {
    mudan: '牡丹区',
    dingtao: '定陶区',
    caoxian: '曹县',
    shanxian: '单县',
    chengwu: '成武县',
    juye: '巨野县',
    yuncheng: '郓城县',
    juancheng: '鄄城县',
    dongming: '东明县',
  },
} as const satisfies Record<CityId, Readonly<Record<string, string>>>;

/** A city's English name: its id capitalised (liaocheng → Liaocheng), as the standard romanisation writes it. */
export const cityNameEn = (city: CityId): string => `${city.charAt(0).toUpperCase()}${city.slice(1)}`;

/** Liaocheng's English names as the dashboard always showed them (its zones have no pinyin form). */
const LIAOCHENG_EN: Readonly<Record<keyof typeof LIAOCHENG, string>> = {
  dongchangfu: 'Dongchangfu District',
  chiping: 'Chiping District',
  linqing: 'Linqing City',
  yanggu: 'Yanggu County',
  shenxian: 'Shen County',
  donge: "Dong'e County",
  guanxian: 'Guan County',
  gaotang: 'Gaotang County',
  kaifaqu: 'Economic and Technological Development Zone',
  gaoxinqu: 'High-tech Industrial Development Zone',
  dujiaqu: 'Jiangbei Shuicheng Tourist Resort',
};

const SUFFIX_EN: Readonly<Record<string, string>> = { 区: 'District', 县: 'County', 市: 'City' };

/**
 * The English name of a county from its code and Chinese name, as the standard romanisation
 * writes it: 历下区 lixia → Lixia District, 曹县 caoxian → Cao County (a one-character name's code
 * carries `xian`).
 */
export const countyNameEnOf = (code: string, nameZh: string): string => {
  const suffix = SUFFIX_EN[nameZh.slice(-1)] ?? '';
  const stem = nameZh.length === 2 && nameZh.endsWith('县') && code.endsWith('xian') ? code.slice(0, -'xian'.length) : code;
  return `${stem.charAt(0).toUpperCase()}${stem.slice(1)}${suffix === '' ? '' : ` ${suffix}`}`;
};

/** A county of a city as the API and the dashboard show it. */
export interface CityCounty {
  code: CountyCode;
  name: string;
  nameEn: string;
}

const englishOf = (city: CityId, code: string, name: string): string =>
  (city === 'liaocheng' ? (LIAOCHENG_EN as Readonly<Record<string, string>>)[code] : undefined) ?? countyNameEnOf(code, name);

const COUNTY_LISTS = new Map<CityId, readonly CityCounty[]>(
  (Object.keys(CITY_COUNTY_NAMES_ZH) as CityId[]).map((city) => [city, Object.entries(CITY_COUNTY_NAMES_ZH[city]).map(([code, name]) => ({ code, name, nameEn: englishOf(city, code, name) }))]),
);

/** A city's counties in the official order. */
export const countiesOf = (city: CityId): readonly CityCounty[] => COUNTY_LISTS.get(city) ?? [];

/** A city's county codes, for a refusal that names what is allowed. */
export const countyCodesOf = (city: CityId): readonly CountyCode[] => countiesOf(city).map((c) => c.code);

/** The Chinese name of a city's county, or undefined when the code is not one of the city's. */
export const countyNameZh = (city: CityId, code: string): string | undefined => {
  const names: Readonly<Record<string, string>> = CITY_COUNTY_NAMES_ZH[city];
  return Object.hasOwn(names, code) ? names[code] : undefined;
};

export const isCountyOf = (city: CityId, code: string): boolean => countyNameZh(city, code) !== undefined;

/** A functional zone (功能区: 开发区, 度假区) a city's bureau books like a county, as Liaocheng's three. */
export const isFunctionalZone = (name: string): boolean => /(开发区|度假区)$/.test(name);
