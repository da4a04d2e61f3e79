// Sign-in: on the local stack pick a city and a role (and a fund manager's funds) for a local token; in the
// cloud, Cognito's hosted UI. Not a routed page: the shell shows it whenever nobody is signed in.
import { startHostedSignIn } from '../auth/code-flow';
import type { AuthConfig } from '../auth/config';
import { type LocalSignInChoices, localChoices, localToken } from '../auth/local';
import type { Role } from '../auth/session';
import { lang, setLang, t } from '../i18n/i18n';
import { errorBox, h } from '../ui/dom';

const localForm = (choices: LocalSignInChoices, onToken: (token: string) => void): HTMLElement => {
  const message = h('p', { class: 'error-text', role: 'status' });
  const citySelect = h('select', { name: 'city' }, choices.cities.map((city) => h('option', { value: city.cityId, selected: city.cityId === choices.defaultCity }, city.name))) as HTMLSelectElement;
  const fundChoices = choices.funds.map((fund) =>
    h('label', { class: 'choice', 'data-city': fund.cityId }, h('input', { type: 'checkbox', name: 'fund', value: fund.fundId }), `${fund.name} (${fund.fundId})`));
  // A token acts within one city: only that city's funds are offered.
  const showCityFunds = (): void => {
    for (const choice of fundChoices) {
      const other = choice.dataset.city !== citySelect.value;
      choice.hidden = other;
      if (other) (choice.querySelector('input') as HTMLInputElement).checked = false;
    }
  };
  citySelect.addEventListener('change', showCityFunds);
  showCityFunds();
  const form = h(
    'form',
    { id: 'sign-in-form' },
    h('label', { class: 'user' }, t('signIn.city'), citySelect),
    h('fieldset', {}, h('legend', {}, t('signIn.role')), choices.roles.map((role, index) =>
      h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'role', value: role, checked: index === 0 }), t(`role.${role}`)))),
    h('fieldset', { id: 'fund-choices' }, h('legend', {}, t('signIn.funds')), fundChoices),
    h('label', { class: 'user' }, t('signIn.user'), h('input', { name: 'user', autocomplete: 'username', pattern: '[A-Za-z0-9._\\-]{1,64}' })),
    message,
    h('button', { type: 'submit', class: 'primary' }, t('signIn.submit')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const role = String(data.get('role')) as Role;
    const funds = data.getAll('fund').map(String);
    if (role === 'fund-manager' && funds.length === 0) {
      message.textContent = t('signIn.needFund');
      return;
    }
    const user = String(data.get('user') ?? '').trim();
    localToken(role, role === 'fund-manager' ? funds : [], user, citySelect.value).then(onToken, (error: unknown) => {
      message.textContent = (error as Error).message;
    });
  });
  return form;
};

export const signInView = (auth: AuthConfig, onToken: (token: string) => void): HTMLElement => {
  const body = h('div', {}, h('p', { class: 'loading' }, t('app.loading')));
  const box = h(
    'div',
    { class: 'sign-in card', 'data-page': 'sign-in' },
    h('div', { class: 'row' }, h('h1', {}, t('app.title')), h('button', { class: 'link', id: 'lang-switch', onclick: () => { setLang(lang() === 'en' ? 'zh-CN' : 'en', localStorage); location.reload(); } }, t('app.language.switch'))),
    h('h2', {}, t('signIn.title')),
    body,
  );
  if (auth.kind !== 'local') {
    body.replaceChildren(h('button', { class: 'primary', onclick: () => void startHostedSignIn(auth).catch((error: unknown) => body.append(errorBox(error))) }, t(auth.kind === 'cognito' ? 'signIn.cognito' : 'signIn.oidc')));
  } else {
    localChoices().then(
      (choices) => body.replaceChildren(h('p', { class: 'hint' }, t('signIn.localHint')), localForm(choices, onToken)),
      (error: unknown) => body.replaceChildren(errorBox(error)),
    );
  }
  return box;
};
