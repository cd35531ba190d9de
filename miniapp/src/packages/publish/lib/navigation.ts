export const PUBLISH_PAGES = {
  bulletins: '/packages/publish/pages/bulletins/index',
  bulletin: '/packages/publish/pages/bulletin/index',
  channels: '/packages/publish/pages/channels/index',
  cadreFile: '/packages/publish/pages/cadre-file/index',
} as const;

/** The round's bulletin page: it opens the round's draft (made on first visit) or the published bulletin. */
export const bulletinUrl = (roundId: number) => `${PUBLISH_PAGES.bulletin}?roundId=${roundId}`;
/** Without a user: my own file. */
export const cadreFileUrl = (userId?: number) => (userId ? `${PUBLISH_PAGES.cadreFile}?userId=${userId}` : PUBLISH_PAGES.cadreFile);
