import type { MonthKey } from '@liangdian/shared';

export const OFFICE_PAGES = {
  ledger: '/packages/office/pages/ledger/index',
  entry: '/packages/office/pages/entry/index',
  catalog: '/packages/office/pages/catalog/index',
  rounds: '/packages/office/pages/rounds/index',
  round: '/packages/office/pages/round/index',
  highlights: '/packages/office/pages/highlights/index',
} as const;

export const entryUrl = (id: number) => `${OFFICE_PAGES.entry}?id=${id}`;
export const roundUrl = (id: number) => `${OFFICE_PAGES.round}?id=${id}`;
export const catalogUrl = (month?: MonthKey) => (month ? `${OFFICE_PAGES.catalog}?month=${month}` : OFFICE_PAGES.catalog);
export const highlightsUrl = (month?: MonthKey) => (month ? `${OFFICE_PAGES.highlights}?month=${month}` : OFFICE_PAGES.highlights);
