import { useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { errorText } from '../../../api/client';
import { fieldId } from '../../report/lib/hooks';
import type { Notice } from '../lib/hooks';
import { roundUrl } from '../lib/navigation';
import { shanghaiDaysLater, shanghaiInstant, toShanghaiIso, type LocalDateTime } from '../lib/time';
import { DateTimeField } from './date-time-field';

interface Props {
  /** Prefix of the ids: `${prefix}-section`, `${prefix}-open`, `${prefix}-open-form`, `${prefix}-select-count`… */
  prefix: string;
  title: string;
  description: string;
  /** Label of the button that shows the form. */
  openLabel: string;
  confirmLabel: ReactNode;
  /** Said once the round is open. */
  doneText: string;
  /** Opens the round for the chosen period; the form navigates to it. */
  openRound: (selectCount: number, endsAt: string) => Promise<{ id: number }>;
  /** The period fields (year, quarter…). */
  children: ReactNode;
}

/** Opening a round: the period (children), how many to select (default 10), the end time, confirm / cancel and the message. */
export function OpenRoundForm({ prefix, title, description, openLabel, confirmLabel, doneText, openRound, children }: Props) {
  const [open, setOpen] = useState(false);
  const [count, setCount] = useState('10');
  const [endsAt, setEndsAt] = useState<LocalDateTime>(() => shanghaiDaysLater(new Date(), 7, '18:00'));
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
      const round = await openRound(selectCount, iso);
      setNotice({ state: 'ok', text: doneText });
      setOpen(false);
      void Taro.navigateTo({ url: roundUrl(round.id) });
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="section" id={`${prefix}-section`}>
      <View className="section-title">{title}</View>
      <View className="muted">{description}</View>
      {!open && (
        <View className="spaced">
          <Button id={`${prefix}-open`} type="primary" block onClick={() => setOpen(true)}>
            {openLabel}
          </Button>
        </View>
      )}
      {open && (
        <View className="dialog" id={`${prefix}-open-form`}>
          {children}
          <View className="field-label">评选数量</View>
          <Input {...fieldId(`${prefix}-select-count`)} className="field-input" type="number" value={count} onInput={(e) => setCount(e.detail.value)} />
          <View className="field-label">截止时间</View>
          <DateTimeField id={`${prefix}-ends-at`} value={endsAt} onChange={setEndsAt} />
          <View className="row spaced">
            <Button id={`${prefix}-open-confirm`} type="primary" loading={busy} disabled={busy} onClick={() => void submit()}>
              {confirmLabel}
            </Button>
            <Button id={`${prefix}-open-cancel`} disabled={busy} onClick={() => setOpen(false)}>
              取消
            </Button>
          </View>
        </View>
      )}
      {notice && (
        <View className={`spaced ${notice.state === 'ok' ? 'ok-text' : 'error-text'}`} id={`${prefix}-open-message`} data-state={notice.state}>
          {notice.text}
        </View>
      )}
    </View>
  );
}

/** The 年份 field of an open-round form: a select on H5, a picker on weapp. */
export function YearField({ id, years, value, onChange }: { id: string; years: number[]; value: number; onChange: (year: number) => void }) {
  return (
    <>
      <View className="field-label">年份</View>
      {process.env.TARO_ENV === 'h5' ? (
        <select id={id} className="field-select" value={value} onChange={(e) => onChange(Number(e.target.value))}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y} 年
            </option>
          ))}
        </select>
      ) : (
        <Picker id={id} mode="selector" range={years.map((y) => `${y} 年`)} value={Math.max(0, years.indexOf(value))} onChange={(e) => onChange(years[Number(e.detail.value)] ?? value)}>
          <View className="field-input picker-value">{value} 年</View>
        </Picker>
      )}
    </>
  );
}
