// The dashboard's shell: language, configuration and sign-in, then a hash router that renders one
// page module at a time inside the header and navigation.
import './style.css';
import { createApi } from './api/client';
import { finishHostedSignIn, hostedSignOut } from './auth/code-flow';
import type { AppConfig } from './auth/config';
import { loadConfig } from './auth/load-config';
import { watchIdle } from './auth/idle-timeout';
import { viewCity, viewedCity, viewedCityName } from './auth/city-view';
import { clearSession, loadSession, saveSession, type Session } from './auth/session';
import { helpHref } from './guide-chapters';
import { initLang, lang, setLang, t } from './i18n/i18n';
import * as annual from './pages/annual';
import * as approvals from './pages/approvals';
import * as fund from './pages/fund';
import * as monthEnd from './pages/month-end';
import * as overview from './pages/overview';
import * as policy from './pages/policy';
import * as province from './pages/province';
import * as registers from './pages/registers';
import type { Page, PageContext } from './pages/page';
import { signInView } from './pages/sign-in';
import { errorBox, h } from './ui/dom';

const PAGES: Record<string, Page<never>> = {
  overview: overview as unknown as Page<never>,
  fund: fund as unknown as Page<never>,
  'month-end': monthEnd as unknown as Page<never>,
  registers: registers as unknown as Page<never>,
  approvals: approvals as unknown as Page<never>,
  policy: policy as unknown as Page<never>,
  annual: annual as unknown as Page<never>,
  province: province as unknown as Page<never>,
};

const root = document.getElementById('app') as HTMLElement;
let config: AppConfig = { apiBase: '', auth: { kind: 'local' } };
let session: Session | undefined;
let rendering = 0;

const signOut = (): void => {
  clearSession();
  session = undefined;
  if (config.auth.kind === 'local') render();
  else void hostedSignOut(config.auth);
};

const parseHash = (): { name: string; args: string[]; query: URLSearchParams } => {
  const [path = '', search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name = '', ...args] = path.split('/').filter((part) => part !== '').map(decodeURIComponent);
  return { name, args, query: new URLSearchParams(search) };
};

/** The province role's navigation: 全省, and while a city is viewed, that city's pages (read only). */
const provinceNav = (link: (name: string, label: string) => HTMLElement): HTMLElement[] => [
  link('province', t('nav.province')),
  ...(viewedCity() === undefined
    ? []
    : [link('overview', t('nav.overview')), link('month-end', t('nav.monthEnd')), link('approvals', t('nav.approvals')), link('policy', t('nav.policy')), link('annual', t('nav.annual'))]),
];

const header = (active: string, current: Session): HTMLElement => {
  const link = (name: string, label: string): HTMLElement => h('a', { href: `#/${name}`, class: active === name ? 'active' : undefined }, label);
  const who =
    current.role === 'fund-manager' ? ` · ${current.funds.join(', ')}` : current.role === 'province' && viewedCity() !== undefined ? ` · ${t('province.viewing', { city: viewedCityName() ?? '' })}` : '';
  return h(
    'header',
    {},
    h('h1', {}, t('app.title')),
    h(
      'nav',
      {},
      current.role === 'province'
        ? provinceNav(link)
        : [
            link('overview', t('nav.overview')),
            current.role === 'fund-manager' ? null : link('month-end', t('nav.monthEnd')),
            current.role === 'fund-manager' ? link('registers', t('nav.registers')) : null,
            link('approvals', t('nav.approvals')),
            link('policy', t('nav.policy')),
            link('annual', t('nav.annual')),
          ],
    ),
    h('a', { href: helpHref(active, current.role), id: 'help', class: 'help' }, t('nav.help')),
    h('span', { class: 'who' }, t(`role.${current.role}`), who),
    h('button', { class: 'link', id: 'lang-switch', onclick: () => { setLang(lang() === 'en' ? 'zh-CN' : 'en', localStorage); render(); } }, t('app.language.switch')),
    h('button', { class: 'link', id: 'sign-out', onclick: signOut }, t('app.signOut')),
  );
};

/**
 * The page to show: the province role starts on 全省, views a city's pages once a city's link named
 * it (?city=), and is back on 全省 (no city) when it opens that page or names no city.
 */
const pageFor = (asked: string, query: URLSearchParams, current: Session): string => {
  if (current.role !== 'province') return asked in PAGES && asked !== 'province' ? asked : 'overview';
  const city = query.get('city');
  if (asked === 'province' || !(asked in PAGES)) {
    viewCity(undefined);
    return 'province';
  }
  if (city !== null) viewCity(city);
  return viewedCity() === undefined ? 'province' : asked;
};

const render = (): void => {
  document.documentElement.lang = lang();
  document.title = t('app.title');
  const ticket = ++rendering;
  if (session === undefined) {
    root.replaceChildren(signInView(config.auth, (token) => {
      session = saveSession(token);
      location.hash = session?.role === 'province' ? '#/province' : '#/overview';
      render();
    }));
    return;
  }
  const current = session;
  const route = parseHash();
  const name = pageFor(route.name, route.query, current);
  const page = PAGES[name] as Page<unknown>;
  const main = h('main', { 'data-page': name, 'aria-busy': 'true' }, h('p', { class: 'loading' }, t('app.loading')));
  root.replaceChildren(header(name, current), main);
  const ctx: PageContext = {
    api: createApi(config.apiBase, () => session?.token, signOut, () => (session?.role === 'province' ? viewedCity() : undefined)),
    session: current,
    args: route.args,
    query: route.query,
    navigate: (hash) => {
      if (location.hash === hash) render();
      else location.hash = hash;
    },
    refresh: render,
  };
  page
    .load(ctx)
    .then((data) => {
      if (ticket === rendering) main.replaceChildren(page.view(data, ctx));
    })
    .catch((error: unknown) => {
      if (ticket === rendering) main.replaceChildren(errorBox(error));
    })
    .finally(() => main.setAttribute('aria-busy', 'false'));
};

const boot = async (): Promise<void> => {
  initLang(localStorage);
  config = await loadConfig();
  if (config.auth.kind !== 'local') {
    const token = await finishHostedSignIn(config.auth).catch(() => undefined);
    if (token !== undefined) saveSession(token);
  }
  session = loadSession();
  // One watch for the page's life: idle while signed in signs out; while signed out it does nothing.
  const idleSignOut = (): void => {
    if (session !== undefined) signOut();
  };
  watchIdle({ idleMinutes: config.idleMinutes, target: document, onIdle: idleSignOut });
  window.addEventListener('hashchange', render);
  render();
};

void boot();
