import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ROLE_CAPABILITIES, ROLE_LABELS, type Role, type User } from '@liangdian/shared';
import { LOGIN_PAGE, bindPhone, errorText, getToken, isApiError, me, signOut } from '../../api/client';
import { LoadError } from '../../components/load-error';
import { PageState } from '../../components/page-state';
import { SubscribeReminders } from './subscribe-reminders';
import './index.scss';

type Link = { id: string; label: string; url: string; primary?: boolean };

const CATALOG: Link = { id: 'home-link-catalog', label: '月度亮点工作目录', url: '/packages/office/pages/catalog/index' };
const ROUNDS: Link = { id: 'home-link-rounds', label: '月度投票', url: '/packages/office/pages/rounds/index' };
const RANKINGS: Link = { id: 'home-link-rankings', label: '评选排名', url: '/packages/rank/pages/rankings/index' };
const CADRE_FILE: Link = { id: 'home-link-cadre-file', label: '我的档案', url: '/packages/publish/pages/cadre-file/index' };

/**
 * What each role opens from home (pages in the `packages/report` and `packages/office` subpackages).
 * A link two roles share is shown once, under the first of the person's roles that has it.
 */
const ROLE_LINKS: Partial<Record<Role, Link[]>> = {
  reporter: [
    { id: 'home-link-report-new', label: '填报亮点工作', url: '/packages/report/pages/edit/index?kind=report', primary: true },
    { id: 'home-link-report-mine', label: '我的申报', url: '/packages/report/pages/mine/index?kind=report' },
    CADRE_FILE,
  ],
  unitHead: [{ id: 'home-link-signoff', label: '签发本单位申报', url: '/packages/report/pages/sign-off/index', primary: true }, CADRE_FILE],
  groupLeader: [
    { id: 'home-link-recommend', label: '推荐亮点工作', url: '/packages/report/pages/mine/index?kind=recommendation', primary: true },
    RANKINGS,
    CADRE_FILE,
  ],
  office: [
    { id: 'home-link-inbox', label: '申报收件箱', url: '/packages/report/pages/inbox/index', primary: true },
    { id: 'home-link-ledger', label: '亮点工作台账', url: '/packages/office/pages/ledger/index', primary: true },
    CATALOG,
    ROUNDS,
    RANKINGS,
    { id: 'home-link-bulletins', label: '通报发布', url: '/packages/publish/pages/bulletins/index' },
    { id: 'home-link-channels', label: '推送渠道', url: '/packages/publish/pages/channels/index' },
    { ...CADRE_FILE, label: '干部档案' },
  ],
  leadingGroup: [{ ...ROUNDS, label: '月度亮点工作投票', primary: true }, CATALOG, RANKINGS],
  committee: [RANKINGS],
  assessor: [{ id: 'home-link-score', label: '季度评分', url: '/packages/rank/pages/score/index', primary: true }],
};

/** Each role's links without those an earlier role of the same person already shows. */
function linksByRole(roles: readonly Role[]): Map<Role, Link[]> {
  const shown = new Set<string>();
  const out = new Map<Role, Link[]>();
  for (const role of roles) {
    const links = (ROLE_LINKS[role] ?? []).filter((l) => !shown.has(l.id));
    links.forEach((l) => shown.add(l.id));
    if (links.length) out.set(role, links);
  }
  return out;
}

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; user: User };

export default function HomePage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [phoneMessage, setPhoneMessage] = useState('');

  const fetchMe = useCallback(async () => {
    if (!getToken()) {
      void Taro.reLaunch({ url: LOGIN_PAGE });
      return;
    }
    try {
      setLoad({ status: 'ready', user: await me() });
    } catch (error) {
      // A 401 has already sent us to the sign-in page; showing an error there would only flash.
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, []);

  // On every show, not once: roles granted by an admin appear when the user comes back.
  useDidShow(() => {
    void fetchMe();
  });

  const onPhone = async (event: { detail: { code?: string; errMsg?: string } }) => {
    // No code when the user declines, or when the mini-program is not verified for phone numbers.
    if (!event.detail.code) {
      setPhoneMessage('未获取到手机号授权');
      return;
    }
    try {
      setLoad({ status: 'ready', user: await bindPhone(event.detail.code) });
      setPhoneMessage('手机号已绑定');
    } catch (error) {
      setPhoneMessage(errorText(error));
    }
  };

  if (load.status === 'loading') return <PageState load={load} loadingId="home-loading" errorId="home-error" />;
  if (load.status === 'failed') {
    return (
      <View className="page">
        <LoadError id="home-error" message={load.message} onRetry={fetchMe} />
        <Button id="home-sign-out" onClick={signOut}>
          退出登录
        </Button>
      </View>
    );
  }

  const { user } = load;
  const isAdmin = user.roles.includes('admin');
  const links = linksByRole(user.roles);
  // Deadline and result reminders go to those who file: reporters and unit heads.
  const remindable = user.roles.includes('reporter') || user.roles.includes('unitHead');
  return (
    <View className="page" id="home-page">
      <View className="section">
        <View className="home-name" id="home-user-name">
          {user.name}
        </View>
        {user.unit ? (
          <View className="muted spaced" id="home-unit-name">
            {user.unit.name}
          </View>
        ) : (
          <View className="muted spaced">未关联单位</View>
        )}
        {process.env.TARO_ENV === 'weapp' && !user.phone && (
          <View className="spaced">
            <Button id="home-bind-phone" size="small" openType="getPhoneNumber" onGetPhoneNumber={onPhone}>
              绑定手机号（关联单位账号）
            </Button>
            {phoneMessage && <View className="muted spaced">{phoneMessage}</View>}
          </View>
        )}
      </View>

      {user.roles.length === 0 && (
        <View className="section muted" id="home-no-roles">
          您还没有分配角色，请联系系统管理员。
        </View>
      )}
      {user.roles.map((role) => (
        <View className="section" key={role} id={`home-role-${role}`}>
          <View className="section-title">{ROLE_LABELS[role]}</View>
          {ROLE_CAPABILITIES[role].map((capability) => (
            <View className="capability" key={capability}>
              <Text>{capability}</Text>
            </View>
          ))}
          {links.has(role) && (
            <View className="row spaced">
              {links.get(role)!.map((link) => (
                <Button
                  key={link.id}
                  id={link.id}
                  type={link.primary ? 'primary' : 'default'}
                  onClick={() => Taro.navigateTo({ url: link.url })}
                >
                  {link.label}
                </Button>
              ))}
            </View>
          )}
        </View>
      ))}

      {remindable && <SubscribeReminders />}

      <View className="section" id="home-public-votes">
        <View className="section-title">网络投票</View>
        <View className="muted">为全县亮点工作投上一票，每天都可以投</View>
        <View className="row spaced">
          <Button id="home-link-public-votes" type="primary" onClick={() => Taro.navigateTo({ url: '/packages/vote/pages/list/index' })}>
            网络投票
          </Button>
        </View>
      </View>

      <View className="section" id="home-highlights">
        <View className="section-title">月度亮点工作</View>
        <View className="muted">每月经领导小组投票评出的全县亮点工作</View>
        <View className="row spaced">
          <Button id="home-link-highlights" onClick={() => Taro.navigateTo({ url: '/packages/office/pages/highlights/index' })}>
            查看月度亮点工作
          </Button>
        </View>
      </View>

      {isAdmin && (
        <View className="section">
          <View className="section-title">系统管理</View>
          <View className="row">
            <Button
              id="home-admin-link"
              type="primary"
              onClick={() => Taro.navigateTo({ url: '/packages/admin/pages/import/index' })}
            >
              导入单位和用户
            </Button>
            <Button id="home-admin-users-link" onClick={() => Taro.navigateTo({ url: '/packages/admin/pages/users/index' })}>
              用户与角色
            </Button>
          </View>
        </View>
      )}

      <Button id="home-sign-out" block onClick={signOut}>
        退出登录
      </Button>
    </View>
  );
}
