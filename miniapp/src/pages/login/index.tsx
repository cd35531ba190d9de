import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { DevUser, PublicConfig } from '@liangdian/shared';
import { HOME_PAGE, devLogin, errorText, getConfig, getToken, listDevUsers, wechatLogin } from '../../api/client';
import { LoadError } from '../../components/load-error';
import { RoleTags } from '../../components/role-tags';
import './index.scss';

// Taro.login does not exist in the H5 runtime: there the only way in is the development login.
const IS_H5 = process.env.TARO_ENV === 'h5';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; config: PublicConfig; devUsers: DevUser[] };

export default function LoginPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [signInError, setSignInError] = useState('');

  const fetchConfig = useCallback(async () => {
    setLoad({ status: 'loading' });
    try {
      const config = await getConfig();
      const devUsers = config.devLogin ? await listDevUsers() : [];
      setLoad({ status: 'ready', config, devUsers });
    } catch (error) {
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, []);

  useEffect(() => {
    // Already signed in: home checks the token with the server and sends us back if it is stale.
    if (getToken()) {
      void Taro.reLaunch({ url: HOME_PAGE });
      return;
    }
    void fetchConfig();
  }, [fetchConfig]);

  const run = async (key: string, signIn: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(key);
    setSignInError('');
    try {
      await signIn();
      await Taro.reLaunch({ url: HOME_PAGE });
    } catch (error) {
      setSignInError(errorText(error));
    } finally {
      setBusy(null);
    }
  };

  const signInWithWechat = () =>
    run('wechat', async () => {
      const { code } = await Taro.login();
      await wechatLogin(code);
    });

  return (
    <View className="page" id="login-page">
      <View className="page-title">亮点工作</View>
      {load.status === 'loading' && (
        <View className="muted" id="login-loading">
          正在连接服务器…
        </View>
      )}
      {load.status === 'failed' && (
        <LoadError id="login-error" message={`无法获取服务器配置：${load.message}`} onRetry={fetchConfig} />
      )}
      {load.status === 'ready' && (
        <>
          {!IS_H5 && (
            <View className="section">
              {load.config.wechatLogin ? (
                <Button
                  id="login-wechat"
                  type="primary"
                  block
                  loading={busy === 'wechat'}
                  onClick={signInWithWechat}
                >
                  微信登录
                </Button>
              ) : (
                <Text className="muted">服务器未开启微信登录，请联系管理员。</Text>
              )}
            </View>
          )}
          {IS_H5 && !load.config.devLogin && (
            <View className="section" id="login-h5-unavailable">
              <Text>网页版只能通过开发登录进入，而服务器未开启开发登录。请在微信中打开“亮点”小程序登录。</Text>
            </View>
          )}
          {load.config.devLogin && (
            <View className="section" id="dev-users">
              <View className="section-title">选择演示账号登录</View>
              <View className="muted">开发登录仅用于开发和演示环境。</View>
              {load.devUsers.length === 0 && <View className="muted spaced">没有可用的演示账号。</View>}
              {load.devUsers.map((user) => (
                <View
                  key={user.openid}
                  className="dev-user"
                  id={`dev-user-${user.openid}`}
                  onClick={() => run(user.openid, () => devLogin(user.openid))}
                >
                  <View className="row">
                    <Text className="dev-user-name">{user.name}</Text>
                    <Text className="muted">{user.unitName ?? '无所属单位'}</Text>
                    {busy === user.openid && <Text className="muted">登录中…</Text>}
                  </View>
                  <View className="spaced">
                    <RoleTags roles={user.roles} />
                  </View>
                </View>
              ))}
            </View>
          )}
          {signInError && (
            <View className="section error-text" id="login-sign-in-error">
              {signInError}
            </View>
          )}
        </>
      )}
    </View>
  );
}
