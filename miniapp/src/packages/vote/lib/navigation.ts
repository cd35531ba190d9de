export const VOTE_PAGES = {
  list: '/packages/vote/pages/list/index',
  vote: '/packages/vote/pages/vote/index',
  manage: '/packages/vote/pages/manage/index',
} as const;

export const voteUrl = (id: string) => `${VOTE_PAGES.vote}?id=${encodeURIComponent(id)}`;
/** Without an id: the form that creates a vote. */
export const manageUrl = (id?: string) => (id ? `${VOTE_PAGES.manage}?id=${encodeURIComponent(id)}` : VOTE_PAGES.manage);
