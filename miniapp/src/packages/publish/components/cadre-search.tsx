import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { CadrePage } from '@liangdian/shared';
import { errorText } from '../../../api/client';
import { searchCadres } from '../../../api/publication';
import { LoadState } from '../../../components/page-state';
import { Pager } from '../../../components/pager';
import { RoleTags } from '../../../components/role-tags';
import { fieldId } from '../../report/lib/hooks';
import { cadreFileUrl } from '../lib/navigation';

const PAGE_SIZE = 20;

type Load = { status: 'idle' } | { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; q: string; page: CadrePage };

/**
 * The office finds a cadre by a part of the name or of the unit's name and opens their file. An
 * empty search lists every cadre. A slower answer to an earlier search never replaces a later one.
 */
export function CadreSearch() {
  const [draft, setDraft] = useState('');
  const [load, setLoad] = useState<Load>({ status: 'idle' });
  const latest = useRef(0);

  const run = async (q: string, page: number) => {
    const ticket = ++latest.current;
    setLoad({ status: 'loading' });
    try {
      const answer = await searchCadres({ q: q || undefined, page, pageSize: PAGE_SIZE });
      if (ticket === latest.current) setLoad({ status: 'ready', q, page: answer });
    } catch (error) {
      if (ticket === latest.current) setLoad({ status: 'failed', message: errorText(error) });
    }
  };
  const search = () => void run(draft.trim(), 1);

  return (
    <View className="section" id="cadre-search-section">
      <View className="section-title">查找干部档案</View>
      <View className="row">
        <Input
          {...fieldId('cadre-search')}
          className="field-input cadre-search-input"
          placeholder="输入姓名或单位名称"
          maxlength={50}
          value={draft}
          confirmType="search"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={search}
        />
        <Button id="cadre-search-submit" size="small" type="primary" onClick={search}>
          搜索
        </Button>
      </View>
      <LoadState load={load} loadingId="cadre-search-loading" errorId="cadre-search-error" onRetry={search} spaced />
      {load.status === 'ready' && (
        <View className="spaced" id="cadre-search-results" data-q={load.q} data-total={load.page.total}>
          {load.page.items.length === 0 && <View className="muted">没有找到符合条件的干部</View>}
          {load.page.items.map((c) => (
            <View className="list-item" key={c.id} id={`cadre-result-${c.id}`} data-user-id={c.id} onClick={() => void Taro.navigateTo({ url: cadreFileUrl(c.id) })}>
              <View className="list-item-title">{c.name}</View>
              <View className="row muted">
                <View>{c.unitName}</View>
                <View>入选亮点 {c.selectedWorks} 项</View>
              </View>
              <RoleTags roles={c.roles.filter((r) => r !== 'public')} />
            </View>
          ))}
          {load.page.total > load.page.pageSize && <Pager id="cadre-search" page={load.page.page} paged={load.page} unit="人" onChange={(p) => void run(load.q, p)} />}
        </View>
      )}
    </View>
  );
}
