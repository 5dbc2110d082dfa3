import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea, TextInput } from '../../components/field';
import { Sheet } from '../../components/sheet';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { roleLabels, type Role } from '../../shared/model';
import { MarkLeftCard, RetentionCard } from './leaving-card';

interface User {
  id: string;
  name: string | null;
  role: Role;
  roomLabel: string | null;
}

const ROLES: Array<Role | undefined> = [undefined, 'student', 'member', 'counselor', 'admin'];

function UnbindSheet({ user, onClose, onDone }: { user: User | null; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const run = useCallback(() => call('account', 'unbind', { userId: user?.id ?? '', reason }), [user, reason]);
  const done = useCallback(() => {
    setReason('');
    void Taro.showToast({ title: '已解除绑定', icon: 'success' });
    onDone();
  }, [onDone]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  return (
    <Sheet open={user !== null} title={`解除 ${user?.name ?? '该用户'} 的绑定`} onClose={onClose}>
      <View className='notice'>解除后，该微信用户回到未绑定状态，需要重新绑定学号；辅导员会失去负责楼栋。操作会记入审计日志。</View>
      <Field label='原因' hint='2到200字，会记入审计日志' error={error?.message}>
        <TextArea value={reason} onChange={setReason} maxlength={200} placeholder='例如：学生毕业离校 / 绑定错误' />
      </Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={reason.trim().length < 2} onClick={() => void submit()}>解除绑定</Btn>
      </View>
    </Sheet>
  );
}

type Query = { role?: Role; studentNo?: string; name?: string };

/** A 学号 is all digits; anything else is the start of a name. */
function queryOf(text: string, role: Role | undefined): Query {
  const t = text.trim();
  return { ...(role ? { role } : {}), ...(/^[0-9]+$/.test(t) ? { studentNo: t } : t ? { name: t } : {}) };
}

/** Admin: find users by 学号, the start of a name (by name) or role (newest first), a page at a time, and release a wrong or stale binding. */
export default function AdminUsersPage() {
  const [text, setText] = useState('');
  const [role, setRole] = useState<Role | undefined>(undefined);
  const [query, setQuery] = useState<Query>({});
  const list = usePaged<User>(
    async (cursor) => {
      const r = await call('account', 'listUsers', { ...query, ...(cursor ? { cursor } : {}) });
      return r.ok ? { ok: true as const, data: { items: r.data.items, nextCursor: r.data.nextCursor } } : r;
    },
    [query],
  );
  const { reload } = list;
  const [unbinding, setUnbinding] = useState<User | null>(null);
  const done = useCallback(() => {
    setUnbinding(null);
    reload();
  }, [reload]);

  return (
    <View className='page'>
      <Field label='学号或姓名' hint='学号精确查找；姓名按开头查找，如输入“王”找到所有姓王的用户'>
        <TextInput value={text} onChange={setText} maxlength={20} placeholder='按学号或姓名开头搜索' />
      </Field>
      <View className='chips'>
        {ROLES.map((r) => (
          <View key={r ?? 'all'} className={r === role ? 'chip chip--on' : 'chip'} onClick={() => setRole(r)}>{r ? roleLabels[r] : '全部'}</View>
        ))}
      </View>
      <Btn onClick={() => setQuery(queryOf(text, role))}>查找</Btn>
      <View className='section-title'>结果</View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 && !list.hasMore ? <StateView icon='空' title='没有找到用户' text='换个学号、姓名或角色试试。' /> : null}
      {list.items.length > 0 ? (
        <View className='card'>
          {list.items.map((u) => (
            <View key={u.id} className='list-item'>
              <View className='list-item__main'>
                {u.name ?? '（未填姓名）'}
                <View className='muted'>{roleLabels[u.role]}{u.roomLabel ? ` · ${u.roomLabel}` : ''}</View>
              </View>
              {u.role !== 'admin' ? <Btn small kind='plain' onClick={() => setUnbinding(u)}>解除绑定</Btn> : null}
            </View>
          ))}
        </View>
      ) : null}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
      <UnbindSheet user={unbinding} onClose={() => setUnbinding(null)} onDone={done} />
      <View className='section-title'>离校与个人信息</View>
      <MarkLeftCard />
      <RetentionCard />
    </View>
  );
}
