import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { z } from 'zod';
import { useRemote } from '../hooks/use-remote';
import { devAuth } from '../services/cloud';
import { devGet } from '../services/dev-api';
import { NETWORK_MESSAGE, type Result } from '../services/result';
import { Role, roleLabels } from '../shared/model';
import { RemoteView } from './state-view';

const DemoUsers = z.object({ users: z.array(z.object({ openid: z.string().min(1), name: z.string(), role: Role, label: z.string() })) });
type DemoUser = z.infer<typeof DemoUsers>['users'][number];

async function loadDemoUsers(): Promise<Result<DemoUser[]>> {
  try {
    const parsed = DemoUsers.safeParse((await devGet('demo-users')).body);
    if (parsed.success) return { ok: true, data: parsed.data.users };
    return { ok: false, error: { code: 'INTERNAL', message: '演示用户列表格式不对' } };
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: NETWORK_MESSAGE } };
  }
}

const ROLE_ORDER: Role[] = ['guest', 'student', 'member', 'counselor', 'admin'];

/**
 * The local sign-in: only the h5 demo has it (pages render it under `process.env.TARO_ENV === 'h5'`,
 * so the mini-program bundle never contains it). It switches between demo users of every role.
 */
export function DevSignIn({ onChange }: { onChange: () => void }) {
  const { remote, reload } = useRemote(loadDemoUsers, []);
  const [current, setCurrent] = useState(() => devAuth?.current() ?? null);

  async function signIn(openid: string, label: string) {
    if (!devAuth) return;
    try {
      setCurrent(await devAuth.signIn(openid, label));
      void Taro.showToast({ title: `已切换为${label}`, icon: 'none' });
      onChange();
    } catch {
      void Taro.showToast({ title: NETWORK_MESSAGE, icon: 'none' });
    }
  }

  return (
    <View className='card'>
      <View className='card__title'>本地演示登录</View>
      <View className='notice'>仅本地演示环境提供，正式小程序中不存在。正式版本由微信自动识别身份。</View>
      <View className='muted'>当前身份：{current?.label ?? current?.openid ?? '未登录（首次操作时自动成为新访客）'}</View>
      <View className='list-item' onClick={() => void signIn(`h5-guest-${Date.now().toString(36)}`, '新访客')}>
        <View className='list-item__main'>以新访客身份使用（未绑定学号）</View>
        <View className='list-item__arrow'>›</View>
      </View>
      <RemoteView remote={remote} onRetry={reload} isEmpty={(users) => users.length === 0} empty={<View className='muted'>没有演示用户：请先用 npm start 生成演示数据。</View>}>
        {(users) =>
          ROLE_ORDER.filter((role) => users.some((u) => u.role === role)).map((role) => (
            <View key={role}>
              <View className='section-title'>{roleLabels[role]}</View>
              {users
                .filter((u) => u.role === role)
                .map((u) => (
                  <View key={u.openid} className='list-item' onClick={() => void signIn(u.openid, `${u.name}（${u.label}）`)}>
                    <View className='list-item__main'>
                      {u.name}
                      <View className='muted'>{u.label}</View>
                    </View>
                    <View className='list-item__arrow'>{current?.openid === u.openid ? '当前' : '›'}</View>
                  </View>
                ))}
            </View>
          ))
        }
      </RemoteView>
    </View>
  );
}
