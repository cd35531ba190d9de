import { useCallback, useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { BULLETIN_LEVELS, BULLETIN_LEVEL_NAMES, type CadreFile, type User } from '@liangdian/shared';
import { errorText, isApiError, me } from '../../../../api/client';
import { getCadreFile } from '../../../../api/publication';
import { PageState } from '../../../../components/page-state';
import { CadreSearch } from '../../components/cadre-search';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/publish.scss';

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; file: CadreFile; viewer: User };

/**
 * 干部干事档案: the selected works a cadre wrote (a source report of the work), by level, period and
 * the day its round closed. Without `?userId=` the signed-in user's own file; the office may open anyone's,
 * found by name or unit with the search on its own file page.
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
      {own && viewer.roles.includes('office') && <CadreSearch />}
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
    </View>
  );
}
