import { Picker, View } from '@tarojs/components';
import { fromInputValue, toInputValue, type LocalDateTime } from '../lib/time';

interface Props {
  /** H5: the id of the `<input type="datetime-local">`. weapp: `<id>-date` and `<id>-time` pickers. */
  id: string;
  value: LocalDateTime;
  onChange: (value: LocalDateTime) => void;
  disabled?: boolean;
}

/** A county (Asia/Shanghai) date and time: date and time pickers on weapp, one native input on H5. */
export function DateTimeField({ id, value, onChange, disabled = false }: Props) {
  if (process.env.TARO_ENV === 'h5') {
    return (
      <input
        id={id}
        className="field-input datetime-input"
        type="datetime-local"
        disabled={disabled}
        value={toInputValue(value)}
        onChange={(e) => onChange(fromInputValue(e.target.value))}
      />
    );
  }
  return (
    <View className="row" id={id}>
      <Picker
        id={`${id}-date`}
        mode="date"
        value={value.date}
        disabled={disabled}
        onChange={(e) => onChange({ ...value, date: String(e.detail.value) })}
      >
        <View className="field-input picker-value">{value.date || '选择日期'}</View>
      </Picker>
      <Picker
        id={`${id}-time`}
        mode="time"
        value={value.time}
        disabled={disabled}
        onChange={(e) => onChange({ ...value, time: String(e.detail.value) })}
      >
        <View className="field-input picker-value">{value.time || '选择时间'}</View>
      </Picker>
    </View>
  );
}
