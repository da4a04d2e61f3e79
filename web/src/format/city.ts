// A city's name in the page's language: the API's Chinese name (济南市), or in English the city's
// id, which is its pinyin (jinan → Jinan), so no second list of the sixteen cities is kept here.
import { lang } from '../i18n/i18n';

export const cityName = (cityId: string, nameZh: string): string =>
  lang() === 'en' ? cityId.charAt(0).toUpperCase() + cityId.slice(1) : nameZh;
