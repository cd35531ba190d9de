import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';

interface Props {
  /** Chinese text, usually `errorText(error)`. */
  message: string;
  onRetry?: () => void;
  /** Prefix of the test hooks: `<id>` on the block, `<id>-retry` on the button. */
  id?: string;
}

/** A failed load: says what went wrong and offers to try again, instead of a blank page. */
export function LoadError({ message, onRetry, id = 'load-error' }: Props) {
  return (
    <View className="section" id={id}>
      <Text className="error-text" id={`${id}-message`}>
        {message}
      </Text>
      {onRetry && (
        <View className="spaced">
          <Button id={`${id}-retry`} type="primary" size="small" onClick={onRetry}>
            重试
          </Button>
        </View>
      )}
    </View>
  );
}
