import { Text, View } from '@tarojs/components';

interface Props<T extends string> {
  /** `<id>` on the row (with `data-value`), `<id>-<value>` on each option. */
  id: string;
  options: readonly { value: T; label: string }[];
  value: T | null;
  onChange: (value: T) => void;
  disabled?: boolean;
}

/** A row of tappable options: simpler to tap (and to test) than a picker for a handful of choices. */
export function ChoiceRow<T extends string>({ id, options, value, onChange, disabled = false }: Props<T>) {
  return (
    <View className="choice-row" id={id} data-value={value ?? ''}>
      {options.map((option) => (
        <Text
          key={option.value}
          id={`${id}-${option.value}`}
          className={`choice ${value === option.value ? 'choice-selected' : ''} ${disabled ? 'choice-disabled' : ''}`}
          data-selected={value === option.value ? '1' : '0'}
          onClick={() => !disabled && onChange(option.value)}
        >
          {option.label}
        </Text>
      ))}
    </View>
  );
}
