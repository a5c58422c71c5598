// What the home page's draft list loads once the page is idle, in one import(): storage, period
// names, draft status and string filling. Keeps the home page's first script free of them.
export { openDrafts } from '../../storage/drafts.ts';
export { formatPeriodLabel } from '../../core/period.ts';
export { hasUnsentChanges, isStaleDraft } from '../../storage/draft-lite.ts';
export { fill } from '../../i18n/translator.ts';
