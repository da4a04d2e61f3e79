// The people and places of the demo year: Liaocheng's 11 counties and zones, their guarantee
// agencies, the banks, and firm names with valid unified social credit codes.
import { CITY_COUNTY_NAMES_ZH } from '../../events/city-counties';
import { creditCodeCheckChar } from '../../events/primitives';
import type { Random } from './random';

/** Liaocheng's list of counties and zones (events/city-counties.ts), in its order. */
export const COUNTY_NAMES_ZH = CITY_COUNTY_NAMES_ZH.liaocheng;
export type County = keyof typeof COUNTY_NAMES_ZH;
export const COUNTIES = Object.keys(COUNTY_NAMES_ZH) as County[];

/** Rough weight of each county's business (population and economy); the urban district leads. */
export const COUNTY_WEIGHTS: readonly (readonly [County, number])[] = [
  ['dongchangfu', 18],
  ['chiping', 12],
  ['linqing', 12],
  ['guanxian', 8],
  ['shenxian', 9],
  ['yanggu', 9],
  ['donge', 6],
  ['gaotang', 8],
  ['kaifaqu', 8],
  ['gaoxinqu', 6],
  ['dujiaqu', 4],
];

/** County agencies where a county has one; the zones use the city's guarantee group. */
export const agencyOf = (county: County): string =>
  ['kaifaqu', 'gaoxinqu', 'dujiaqu'].includes(county) ? '聊城市融资担保集团有限公司' : `${COUNTY_NAMES_ZH[county].replace(/[区市县]$/, '')}融资担保有限公司`;

export const BANKS = [
  '聊城农村商业银行',
  '中国农业银行聊城分行',
  '中国工商银行聊城分行',
  '中国建设银行聊城分行',
  '中国银行聊城分行',
  '中国邮政储蓄银行聊城市分行',
  '齐商银行聊城分行',
  '临清农村商业银行',
  '莘县农村商业银行',
  '恒丰银行聊城分行',
  '威海银行聊城分行',
  '兴业银行聊城分行',
] as const;

const TRADE_WORDS = ['鲁西', '运河', '水城', '金穗', '华鲁', '泰和', '众诚', '宏图', '瑞丰', '鑫源', '东岳', '凤凰', '光岳', '古楼', '徒骇', '马颊', '丰泽', '嘉禾', '润达', '昌盛'];
const INDUSTRIES = {
  micro: ['农资经营部', '五金商行', '食品加工厂', '家具厂', '服装加工厂', '汽修服务中心'],
  small: ['机械制造有限公司', '轴承有限公司', '新材料科技有限公司', '纺织有限公司', '电子科技有限公司', '钢管有限公司'],
  agri: ['农业专业合作社', '蔬菜种植专业合作社', '家庭农场', '畜牧养殖有限公司', '食用菌专业合作社', '粮食购销有限公司'],
  other: ['实业集团有限公司', '化工股份有限公司', '建设工程有限公司', '能源科技股份有限公司', '物流集团有限公司'],
} as const;

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A unified social credit code of a Liaocheng enterprise (91 + 371500 region), with its check character. */
export const creditCodeFor = (random: Random): string => {
  let body = '91371500';
  for (let i = 0; i < 9; i++) body += CODE_ALPHABET.charAt(random.int(0, CODE_ALPHABET.length - 1));
  return `${body}${creditCodeCheckChar(body) ?? ''}`;
};

export const firmName = (random: Random, county: County, kind: keyof typeof INDUSTRIES): string =>
  `聊城市${COUNTY_NAMES_ZH[county]}${random.pick(TRADE_WORDS)}${random.pick(TRADE_WORDS)}${random.pick(INDUSTRIES[kind])}`;
