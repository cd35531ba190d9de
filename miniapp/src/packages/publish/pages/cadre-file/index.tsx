import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { BULLETIN_LEVELS, BULLETIN_LEVEL_NAMES, type CadreFile, type User } from '@liangdian/shared';
import { errorText, isApiError, me } from '../../../../api/client';
import { getCadreFile } from '../../../../api/publication';
import { PageState } from '../../../../components/page-state';
import { fieldId } from '../../../report/lib/hooks';
import { cadreFileUrl } from '../../lib/navigation';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/publish.scss';

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; file: CadreFile; viewer: User };

/** The office opens another cadre's file by user number (the office has no user directory of its own). */
function OtherFile() {
  const [value, setValue] = useState('');
  const [warning, setWarning] = useState('');
  const go = () => {
    const id = Number(value.trim());
    if (!Number.isInteger(id) || id <= 0) return setWarning('请输入正确的用户编号');
    setWarning('');
    void Taro.navigateTo({ url: cadreFileUrl(id) });
  };
  return (
    <View className="section" id="cadre-file-lookup">
      <View className="section-title">查看其他干部的档案</View>
      <Input {...fieldId('cadre-file-user-id')} className="field-input" type="number" placeholder="用户编号" value={value} onInput={(e) => setValue(e.detail.value)} />
      {warning && <View className="error-text spaced">{warning}</View>}
      <View className="spaced">
        <Button id="cadre-file-open" block onClick={go}>
          查看档案
        </Button>
      </View>
    </View>
  );
}

/**
 * 干部干事档案: the selected works a cadre wrote (a source report of the work), by level, period and
 * the day its round closed. Without `?userId=` the signed-in user's own file; the office may open anyone's.
 */
export default function CadreFilePage() {
  const { params } = useRouter();
  const userId = Number(params.userId) || 0;
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchAll = useCallback(async () => {
    try {
      const [file, viewer] = await Promise.all([getCadreFile(userId || undefined), me()]);
      setLoad({ status: 'ready', file, viewer });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, [userId]);

  useEffect(() => {
    void fetchAll();
  }, [fetchAll]);

  if (load.status !== 'ready') return <PageState load={load} loadingId="cadre-file-loading" errorId="cadre-file-error" onRetry={() => void fetchAll()} />;

  const { file, viewer } = load;
  const own = file.user.id === viewer.id;
  return (
    <View className="page" id="cadre-file-page" data-user-id={file.user.id} data-total={file.records.length}>
      <View className="section">
        <View className="detail-title" id="cadre-file-name">
          {file.user.name}
          {own ? '（本人）' : ''}
        </View>
        <View className="muted spaced">{file.user.unitName ?? '未关联单位'}</View>
        <View className="row cadre-counts spaced" id="cadre-file-counts">
          {[...BULLETIN_LEVELS].reverse().map((level) => (
            <View key={level} id={`cadre-file-count-${level}`} data-count={file.counts[level]}>
              <View className="cadre-count">{file.counts[level]}</View>
              <View className="muted">{BULLETIN_LEVEL_NAMES[level]}亮点</View>
            </View>
          ))}
        </View>
      </View>

      <View className="section" id="cadre-file-records">
        <View className="section-title">入选的亮点工作</View>
        {file.records.length === 0 && (
          <View className="muted" id="cadre-file-empty">
            还没有入选的亮点工作。本人填报的工作入选月度、季度或年度亮点后会记入档案。
          </View>
        )}
        {file.records.map((r, n) => (
          <View className="list-item" key={r.id} id={`cadre-file-row-${n}`} data-level={r.level} data-period={r.period} data-entry-id={r.entryId} data-round-id={r.roundId}>
            <View className="list-item-title">{r.title}</View>
            <View className="row muted">
              <Text className={`tag cadre-level-${r.level}`}>{BULLETIN_LEVEL_NAMES[r.level]}</Text>
              <Text>{r.periodLabel}</Text>
              {r.rank !== null && <Text>第 {r.rank} 名</Text>}
              <Text>{r.date}</Text>
            </View>
            {r.unitName && <View className="muted">{r.unitName}</View>}
          </View>
        ))}
      </View>

      {own && viewer.roles.includes('office') && <OtherFile />}
    </View>
  );
}
