import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';

interface Props {
  /** Prefix of the test hooks: `<id>-prev`, `<id>-page-info`, `<id>-next`. */
  id: string;
  page: number;
  /** The page the server answered (`Paged<T>`): its total and page size. */
  paged: { total: number; pageSize: number };
  /** What the total counts: 项 (items) unless said otherwise. */
  unit?: string;
  onChange: (page: number) => void;
}

/** 上一页 / 第 x / y 页，共 n 项 / 下一页 under a paged list. */
export function Pager({ id, page, paged, unit = '项', onChange }: Props) {
  const pages = Math.max(1, Math.ceil(paged.total / paged.pageSize));
  return (
    <View className="row pager">
      <Button id={`${id}-prev`} size="small" disabled={page <= 1} onClick={() => onChange(page - 1)}>
        上一页
      </Button>
      <View className="muted" id={`${id}-page-info`}>
        第 {page} / {pages} 页，共 {paged.total} {unit}
      </View>
      <Button id={`${id}-next`} size="small" disabled={page >= pages} onClick={() => onChange(page + 1)}>
        下一页
      </Button>
    </View>
  );
}
