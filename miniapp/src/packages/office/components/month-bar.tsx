import { Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { addMonths, isMonthKey, type MonthKey } from '@liangdian/shared';
import { formatMonth } from '../../report/lib/format';

interface Props {
  /** `<id>` on the bar (with `data-value`), `<id>-prev`, `<id>-next`, and on H5 `<id>-input`. */
  id: string;
  value: MonthKey;
  onChange: (month: MonthKey) => void;
}

/** One month at a time: 上月 / 下月, or pick any month (weapp: a month picker; H5: `<input type="month">`). */
export function MonthBar({ id, value, onChange }: Props) {
  const pick = (picked: string) => {
    if (isMonthKey(picked)) onChange(picked);
  };
  return (
    <View className="row month-bar" id={id} data-value={value}>
      <Button id={`${id}-prev`} size="small" onClick={() => onChange(addMonths(value, -1))}>
        ‹ 上月
      </Button>
      {process.env.TARO_ENV === 'h5' ? (
        <input id={`${id}-input`} className="month-input" type="month" value={value} onChange={(e) => pick(e.target.value)} />
      ) : (
        <Picker mode="date" fields="month" value={value} onChange={(e) => pick(String(e.detail.value))}>
          <Text className="month-label">{formatMonth(value)} ▾</Text>
        </Picker>
      )}
      <Button id={`${id}-next`} size="small" onClick={() => onChange(addMonths(value, 1))}>
        下月 ›
      </Button>
    </View>
  );
}
