import { useCallback, useState } from 'react';
import type { QuotaStatus, ReportKind } from '@liangdian/shared';
import { errorText, getQuota } from '../../../api/client';

/** This month's quota of the kind (for `QuotaBanner`); `fetchQuota` asks again, and clears an earlier error once it succeeds. */
export function useQuota(kind: ReportKind) {
  const [quota, setQuota] = useState<QuotaStatus | null>(null);
  const [quotaError, setQuotaError] = useState('');

  const fetchQuota = useCallback(async () => {
    try {
      setQuota(await getQuota(kind));
      setQuotaError('');
    } catch (error) {
      setQuotaError(errorText(error));
    }
  }, [kind]);

  return { quota, quotaError, fetchQuota };
}
