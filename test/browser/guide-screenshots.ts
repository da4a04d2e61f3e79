// The one list of the user guide's screenshots (docs/guide/screenshots/<name>.png). The browser test
// test/browser/guide.browser.test.ts walks the guide's tasks and writes each of them (and fails if
// it wrote a name not listed, or missed one); test/unit/guide/guide.test.ts fails when the guide
// shows a picture not in this list, or when a listed picture is shown nowhere — so a guide that
// names a screenshot no test takes is a failing test.
export const GUIDE_SCREENSHOTS = [
  'sign-in',
  'bureau-overview',
  'bureau-overview-phone',
  'bureau-fund',
  'bureau-month-end-run',
  'bureau-month-end-upload',
  'bureau-month-end-clean',
  'bureau-month-end-match',
  'bureau-close-month',
  'bureau-approvals',
  'bureau-correction-form',
  'bureau-correction-red',
  'bureau-policy-proposal',
  'bureau-year-close',
  'bureau-year-end-approval',
  'bureau-year-closed',
  'bureau-annual-report',
  'manager-overview',
  'manager-journal',
  'manager-journal-phone',
  'manager-registers-check',
  'manager-registers-done',
  'manager-api-reference',
  'auditor-chain',
  'province-overview',
  'province-city',
] as const;

export type GuideScreenshot = (typeof GUIDE_SCREENSHOTS)[number];
