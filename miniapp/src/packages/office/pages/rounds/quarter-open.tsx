import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { errorText, openQuarter } from '../../../../api/client';
import { fieldId } from '../../../report/lib/hooks';
import { DateTimeField } from '../../components/date-time-field';
import type { Notice } from '../../lib/hooks';
import { roundUrl } from '../../lib/navigation';
import { shanghaiDaysLater, shanghaiInstant, shanghaiLocal, toShanghaiIso, type LocalDateTime } from '../../lib/time';

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
  const [open, setOpen] = useState(false);
  const [year, setYear] = useState(initial.year);
  const [q, setQ] = useState(initial.q);
  const [count, setCount] = useState('10');
  const [endsAt, setEndsAt] = useState<LocalDateTime>(() => shanghaiDaysLater(now, 7, '18:00'));
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const submit = async () => {
    const selectCount = Number(count);
    if (!Number.isInteger(selectCount) || selectCount < 1 || selectCount > 100) return setNotice({ state: 'error', text: '评选数量应为 1 至 100 的整数' });
    const iso = toShanghaiIso(endsAt);
    const at = shanghaiInstant(endsAt);
    if (!iso || !at) return setNotice({ state: 'error', text: '请填写正确的截止时间' });
    if (at.getTime() <= Date.now()) return setNotice({ state: 'error', text: '截止时间应晚于现在' });
    setBusy(true);
    setNotice(null);
    try {
      const round = await openQuarter({ quarter: `${year}-Q${q}`, selectCount, endsAt: iso });
      setNotice({ state: 'ok', text: '季度评分已发起' });
      setOpen(false);
      void Taro.navigateTo({ url: roundUrl(round.id) });
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="section" id="quarter-section">
      <View className="section-title">季度评分</View>
      <View className="muted">以一个季度的月度亮点工作为参评事项，由评分人现场观摩评分，得分前 10 名为季度十大亮点工作。</View>
      {!open && (
        <View className="spaced">
          <Button id="quarter-open" type="primary" block onClick={() => setOpen(true)}>
            发起季度评分
          </Button>
        </View>
      )}
      {open && (
        <View className="dialog" id="quarter-open-form">
          <View className="field-label">年份</View>
          {process.env.TARO_ENV === 'h5' ? (
            <select id="quarter-year" className="field-select" value={year} onChange={(e) => setYear(Number(e.target.value))}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y} 年
                </option>
              ))}
            </select>
          ) : (
            <Picker id="quarter-year" mode="selector" range={years.map((y) => `${y} 年`)} value={Math.max(0, years.indexOf(year))} onChange={(e) => setYear(years[Number(e.detail.value)] ?? year)}>
              <View className="field-input picker-value">{year} 年</View>
            </Picker>
          )}
          <View className="field-label">季度</View>
          <View className="choice-row" id="quarter-q" data-value={q}>
            {[1, 2, 3, 4].map((n) => (
              <Text key={n} id={`quarter-q-${n}`} className={`choice ${q === n ? 'choice-selected' : ''}`} onClick={() => setQ(n)}>
                第{'一二三四'[n - 1]}季度
              </Text>
            ))}
          </View>
          <View className="field-label">评选数量</View>
          <Input {...fieldId('quarter-select-count')} className="field-input" type="number" value={count} onInput={(e) => setCount(e.detail.value)} />
          <View className="field-label">截止时间</View>
          <DateTimeField id="quarter-ends-at" value={endsAt} onChange={setEndsAt} />
          <View className="row spaced">
            <Button id="quarter-open-confirm" type="primary" loading={busy} disabled={busy} onClick={() => void submit()}>
              发起 {year} 年第{'一二三四'[q - 1]}季度评分
            </Button>
            <Button id="quarter-open-cancel" disabled={busy} onClick={() => setOpen(false)}>
              取消
            </Button>
          </View>
        </View>
      )}
      {notice && (
        <View className={`spaced ${notice.state === 'ok' ? 'ok-text' : 'error-text'}`} id="quarter-open-message" data-state={notice.state}>
          {notice.text}
        </View>
      )}
    </View>
  );
}
