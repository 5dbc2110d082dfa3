import { View } from '@tarojs/components';
import { useRemote } from '../../hooks/use-remote';
import { devAuth } from '../../services/cloud';
import { devGet } from '../../services/dev-api';
import { NETWORK_MESSAGE, type Result } from '../../services/result';
import { formatDateTime } from '../../utils/format';
import { RemoteView } from '../../components/state-view';

interface OutboxMessage {
  at: string;
  text: string;
}

/** The emulator's outbox rows in whatever shape they come: a time and the message's fields as text. */
function toMessage(raw: unknown): OutboxMessage {
  const m = (raw ?? {}) as Record<string, unknown>;
  const at = String(m.sentAt ?? m.at ?? m.createdAt ?? '');
  const data = (m.data ?? m.message ?? m) as Record<string, unknown>;
  const parts = Object.values(data).map((v) => (v && typeof v === 'object' && 'value' in v ? String((v as { value: unknown }).value) : typeof v === 'string' ? v : '')).filter(Boolean);
  return { at, text: parts.join(' · ') || JSON.stringify(m) };
}

async function loadOutbox(): Promise<Result<OutboxMessage[] | null>> {
  const openid = devAuth?.current()?.openid;
  if (!openid) return { ok: true, data: [] };
  try {
    const { status, body } = await devGet(`outbox?openid=${encodeURIComponent(openid)}`);
    if (status === 404) return { ok: true, data: null }; // the dev route is not there: nothing to show
    const list = Array.isArray(body) ? body : ((body as { messages?: unknown[] })?.messages ?? []);
    return { ok: true, data: list.map(toMessage) };
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: NETWORK_MESSAGE } };
  }
}

/** h5 only (the page renders it under TARO_ENV === 'h5'): review notices the local CloudBase recorded. */
export function DevOutbox({ refresh }: { refresh: number }) {
  const { remote, reload } = useRemote(loadOutbox, [refresh]);
  return (
    <View className='card'>
      <View className='card__title'>本地演示：模拟的微信订阅消息</View>
      <RemoteView remote={remote} onRetry={reload}>
        {(messages) =>
          messages === null ? (
            <View className='muted'>本地环境暂未提供消息记录。</View>
          ) : messages.length === 0 ? (
            <View className='muted'>还没有收到审核通知。</View>
          ) : (
            messages.map((m, i) => (
              <View key={i} className='list-item'>
                <View className='list-item__main'>
                  {m.text}
                  <View className='muted'>{formatDateTime(m.at)}</View>
                </View>
              </View>
            ))
          )
        }
      </RemoteView>
    </View>
  );
}
