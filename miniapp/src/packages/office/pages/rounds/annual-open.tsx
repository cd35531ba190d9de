import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { errorText, openAnnual } from '../../../../api/client';
import { fieldId } from '../../../report/lib/hooks';
import { DateTimeField } from '../../components/date-time-field';
import type { Notice } from '../../lib/hooks';
import { roundUrl } from '../../lib/navigation';
import { shanghaiDaysLater, shanghaiInstant, shanghaiLocal, toShanghaiIso, type LocalDateTime } from '../../lib/time';

/** 发起年度评选: a year (its quarterly top-10s are the candidates), how many to select (default 10) and the end time. */
export function AnnualOpen() {
  const [now] = useState(() => new Date());
  const thisYear = Number(shanghaiLocal(now).date.slice(0, 4));
  const years = Array.from({ length: 12 }, (_, i) => thisYear + 1 - i);
  const [open, setOpen] = useState(false);
  const [year, setYear] = useState(thisYear);
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
      const round = await openAnnual({ year: String(year), selectCount, endsAt: iso });
      setNotice({ state: 'ok', text: '年度评选已发起' });
      setOpen(false);
      void Taro.navigateTo({ url: roundUrl(round.id) });
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="section" id="annual-section">
      <View className="section-title">年度评选</View>
      <View className="muted">以全年各季度十大亮点工作为候选，评审委员会投票与群众网络投票相结合，选出年度十大亮点工作。</View>
      {!open && (
        <View className="spaced">
          <Button id="annual-open" type="primary" block onClick={() => setOpen(true)}>
            发起年度评选
          </Button>
        </View>
      )}
      {open && (
        <View className="dialog" id="annual-open-form">
          <View className="field-label">年份</View>
          {process.env.TARO_ENV === 'h5' ? (
            <select id="annual-year" className="field-select" value={year} onChange={(e) => setYear(Number(e.target.value))}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y} 年
                </option>
              ))}
            </select>
          ) : (
            <Picker id="annual-year" mode="selector" range={years.map((y) => `${y} 年`)} value={Math.max(0, years.indexOf(year))} onChange={(e) => setYear(years[Number(e.detail.value)] ?? year)}>
              <View className="field-input picker-value">{year} 年</View>
            </Picker>
          )}
          <View className="field-label">评选数量</View>
          <Input {...fieldId('annual-select-count')} className="field-input" type="number" value={count} onInput={(e) => setCount(e.detail.value)} />
          <View className="field-label">截止时间</View>
          <DateTimeField id="annual-ends-at" value={endsAt} onChange={setEndsAt} />
          <View className="row spaced">
            <Button id="annual-open-confirm" type="primary" loading={busy} disabled={busy} onClick={() => void submit()}>
              发起 {year} 年度评选
            </Button>
            <Button id="annual-open-cancel" disabled={busy} onClick={() => setOpen(false)}>
              取消
            </Button>
          </View>
        </View>
      )}
      {notice && (
        <View className={`spaced ${notice.state === 'ok' ? 'ok-text' : 'error-text'}`} id="annual-open-message" data-state={notice.state}>
          {notice.text}
        </View>
      )}
    </View>
  );
}
