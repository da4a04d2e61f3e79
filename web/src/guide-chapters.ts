// Which chapter of the user guide (docs/guide, served at /guide) explains each page, for the
// person looking at it: the header's 帮助 link opens it. test/unit/guide/guide.test.ts checks
// every chapter named here exists.
/** Page → chapter, by role (the session's role names); `default` for the roles not named. */
const CHAPTERS: Record<string, Record<string, string> & { default: string }> = {
  overview: { default: 'bureau-overview', 'fund-manager': 'manager-journal', auditor: 'auditor-verify', province: 'province-overview' },
  fund: { default: 'bureau-overview', 'fund-manager': 'manager-journal', auditor: 'auditor-verify', province: 'province-overview' },
  'month-end': { default: 'bureau-month-end' },
  registers: { default: 'manager-registers' },
  approvals: { default: 'bureau-approvals' },
  policy: { default: 'bureau-policy' },
  annual: { default: 'bureau-year-end' },
  province: { default: 'province-overview' },
};

/** Every chapter a page may link to. */
export const HELP_CHAPTERS: readonly string[] = [...new Set(Object.values(CHAPTERS).flatMap((byRole) => Object.values(byRole)))];

/** The guide's page for dashboard page `page` as `role` sees it; the table of contents for a page it does not know. */
export const helpHref = (page: string, role: string): string => {
  const byRole = CHAPTERS[page];
  return byRole === undefined ? '/guide/' : `/guide/${byRole[role] ?? byRole.default}.html`;
};
