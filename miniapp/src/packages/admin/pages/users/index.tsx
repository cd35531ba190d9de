import { useCallback, useEffect, useState } from 'react';
import { Input, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Paged, User } from '@liangdian/shared';
import { errorText, listUsers } from '../../../../api/client';
import { LoadState } from '../../../../components/page-state';
import { Pager } from '../../../../components/pager';
import { UserRow } from './user-row';
import './index.scss';

const PAGE_SIZE = 20;

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; page: Paged<User> };

export default function UsersPage() {
  const [page, setPage] = useState(1);
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchPage = useCallback(async () => {
    setLoad({ status: 'loading' });
    try {
      setLoad({ status: 'ready', page: await listUsers({ page, pageSize: PAGE_SIZE, q: q || undefined }) });
    } catch (error) {
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, [page, q]);

  useEffect(() => {
    void fetchPage();
  }, [fetchPage]);

  const search = () => {
    setPage(1);
    setQ(draft.trim());
  };

  const replaceUser = (user: User) =>
    setLoad((current) =>
      current.status === 'ready'
        ? { ...current, page: { ...current.page, items: current.page.items.map((u) => (u.id === user.id ? user : u)) } }
        : current,
    );

  return (
    <View className="page" id="users-page">
      <View className="section row">
        <Input
          className="search-input"
          id="users-search"
          placeholder="按姓名或手机号搜索"
          value={draft}
          confirmType="search"
          onInput={(event) => setDraft(event.detail.value)}
          onConfirm={search}
        />
        <Button id="users-search-submit" size="small" type="primary" onClick={search}>
          搜索
        </Button>
      </View>

      <LoadState load={load} loadingId="users-loading" errorId="users-error" onRetry={fetchPage} />
      {load.status === 'ready' && (
        <>
          <View className="section" id="users-list">
            {load.page.items.length === 0 && <View className="muted">没有符合条件的用户</View>}
            {load.page.items.map((user) => (
              <UserRow key={user.id} user={user} onSaved={replaceUser} />
            ))}
          </View>
          <Pager id="users" page={page} paged={load.page} unit="人" onChange={setPage} />
        </>
      )}
    </View>
  );
}
