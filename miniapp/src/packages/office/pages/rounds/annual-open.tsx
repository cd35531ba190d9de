import { useState } from 'react';
import { openAnnual } from '../../../../api/client';
import { OpenRoundForm, YearField } from '../../components/open-round-form';
import { shanghaiLocal } from '../../lib/time';

/** 发起年度评选: a year (its quarterly top-10s are the candidates), how many to select (default 10) and the end time. */
export function AnnualOpen() {
  const [now] = useState(() => new Date());
  const thisYear = Number(shanghaiLocal(now).date.slice(0, 4));
  const years = Array.from({ length: 12 }, (_, i) => thisYear + 1 - i);
  const [year, setYear] = useState(thisYear);

  return (
    <OpenRoundForm
      prefix="annual"
      title="年度评选"
      description="以全年各季度十大亮点工作为候选，评审委员会投票与群众网络投票相结合，选出年度十大亮点工作。"
      openLabel="发起年度评选"
      confirmLabel={`发起 ${year} 年度评选`}
      doneText="年度评选已发起"
      openRound={(selectCount, endsAt) => openAnnual({ year: String(year), selectCount, endsAt })}
    >
      <YearField id="annual-year" years={years} value={year} onChange={setYear} />
    </OpenRoundForm>
  );
}
