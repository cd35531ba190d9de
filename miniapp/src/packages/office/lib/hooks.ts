import { useEffect, useRef, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { DEFAULT_MONTHLY_WINDOW, addMonths, isMonthKey, submissionMonth, type MonthKey } from '@liangdian/shared';
import { getConfig } from '../../../api/client';

/**
 * The page's month: `?month=YYYY-MM` when given, else the current submission month (shifted by
 * `offset`), computed with the server's cut-off day once the config arrives, unless the user has
 * already picked a month.
 */
export function usePageMonth(offset = 0): [MonthKey, (month: MonthKey) => void] {
  const { params } = useRouter();
  const fromParam = typeof params.month === 'string' && isMonthKey(params.month) ? params.month : null;
  const [month, setMonth] = useState<MonthKey>(() => fromParam ?? addMonths(submissionMonth(new Date(), DEFAULT_MONTHLY_WINDOW), offset));
  const picked = useRef(!!fromParam);

  useEffect(() => {
    if (picked.current) return;
    let live = true;
    getConfig().then(
      (c) => {
        if (live && !picked.current) setMonth(addMonths(submissionMonth(new Date(), { cutoffDay: c.monthlyCutoffDay }), offset));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [offset]);

  const choose = (next: MonthKey) => {
    picked.current = true;
    setMonth(next);
  };
  return [month, choose];
}

/** A message line for the page's last action: done (green) or failed (red). */
export type Notice = { state: 'ok' | 'error'; text: string } | null;
