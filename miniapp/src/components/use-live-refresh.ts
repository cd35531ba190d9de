import { useEffect, useRef } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';

/** How often a live page (an open vote or round) asks again. */
export const LIVE_MS = 10000;

interface Options {
  /** The page's full load: once at mount, and again each time the page shows again. */
  load: () => unknown;
  /** What each tick asks for; the full load unless the page polls something lighter. */
  refresh?: () => unknown;
  /** Poll only while this holds (the vote or round is still open). */
  live?: boolean;
  intervalMs?: number;
  /** False: a re-show only resumes the polling (the bulletin page, whose load opens the draft with a POST). */
  reloadOnShow?: boolean;
}

/**
 * Loads at mount, reloads when the page shows again (back from another page or from the background),
 * and while `live` refreshes every `intervalMs`, but only while the page is shown: a hidden page in the
 * navigation stack keeps its timer, and should not keep asking the server.
 */
export function useLiveRefresh({ load, refresh = load, live = false, intervalMs = LIVE_MS, reloadOnShow = true }: Options): void {
  const visible = useRef(true);
  const shown = useRef(false);

  useEffect(() => {
    void load();
  }, [load]);
  // The first show comes with the mount, which has loaded already.
  useDidShow(() => {
    visible.current = true;
    if (shown.current && reloadOnShow) void load();
    shown.current = true;
  });
  useDidHide(() => {
    visible.current = false;
  });

  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(() => {
      if (visible.current) void refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [live, refresh, intervalMs]);
}
