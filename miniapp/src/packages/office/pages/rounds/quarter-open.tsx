import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { openQuarter } from '../../../../api/client';
import { OpenRoundForm, YearField } from '../../components/open-round-form';
import { shanghaiLocal } from '../../lib/time';

/** The quarter before the county's current one: scoring follows the quarter's end. */
function lastQuarter(now: Date): { year: number; q: number } {
  const [y, m] = shanghaiLocal(now).date.split('-').map(Number);
  const q = Math.floor((m - 1) / 3) + 1;
  return q === 1 ? { year: y - 1, q: 4 } : { year: y, q: q - 1 };
}

/** 发起季度评分: a quarter (year + Q1–Q4), how many to select (default 10) and the end time. */
export function QuarterOpen() {
  const [now] = useState(() => new Date());
  const initial = lastQuarter(now);
  const thisYear = Number(shanghaiLocal(now).date.slice(0, 4));
  const years = Array.from({ length: 12 }, (_, i) => thisYear + 1 - i);
  const [year, setYear] = useState(initial.year);
  const [q, setQ] = useState(initial.q);

  return (
    <OpenRoundForm
      prefix="quarter"
      title="季度评分"
      description="以一个季度的月度亮点工作为参评事项，由评分人现场观摩评分，得分前 10 名为季度十大亮点工作。"
      openLabel="发起季度评分"
      confirmLabel={`发起 ${year} 年第${'一二三四'[q - 1]}季度评分`}
      doneText="季度评分已发起"
      openRound={(selectCount, endsAt) => openQuarter({ quarter: `${year}-Q${q}`, selectCount, endsAt })}
    >
      <YearField id="quarter-year" years={years} value={year} onChange={setYear} />
      <View className="field-label">季度</View>
      <View className="choice-row" id="quarter-q" data-value={q}>
        {[1, 2, 3, 4].map((n) => (
          <Text key={n} id={`quarter-q-${n}`} className={`choice ${q === n ? 'choice-selected' : ''}`} onClick={() => setQ(n)}>
            第{'一二三四'[n - 1]}季度
          </Text>
        ))}
      </View>
    </OpenRoundForm>
  );
}
