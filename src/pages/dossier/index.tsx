import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../components/btn';
import { ErrorState, Loading, RemoteView, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';
import { downloadToTemp, fetchFile } from '../../services/files';
import type { DossierItem } from '../../shared/contract/develop-dossier';
import { digestGroups, dossierIdOf } from '../../shared/domain/dossier';
import { formatCst } from '../../utils/format';

/** One line of the issue record. */
function Line({ label, value }: { label: string; value: string }) {
  return (
    <View className='field'>
      <View className='field__label'>{label}</View>
      <View>{value}</View>
    </View>
  );
}

/**
 * What the pack's QR opens: the issue record from the server (whom for, by whom, when, the file's
 * digest), never more than the pack prints. A forged code reads as not issued.
 */
function Verify({ id }: { id: string }) {
  const { remote, reload } = useRemote(() => call('develop', 'verifyDossier', { id }), [id]);
  return (
    <RemoteView
      remote={remote}
      onRetry={reload}
      onError={(e) =>
        e.code === 'NOT_FOUND' ? <StateView icon='!' title='未找到出具记录' text={e.message} /> : null
      }
    >
      {(d) => (
        <View className='card'>
          <View className='notice'>这份转正材料由系统出具，记录如下。请核对材料上的姓名、编号与出具人是否一致。</View>
          <Line label='材料编号' value={d.id} />
          <Line label='党员' value={d.memberName} />
          <Line label='出具人' value={d.issuedByName} />
          <Line label='出具时间（北京时间）' value={formatCst(d.issuedAt)} />
          <Line label='文件摘要（SHA-256）' value={digestGroups(d.digest)} />
          <View className='muted'>电子文件可用 SHA-256 校验：摘要一致即未被改动。</View>
        </View>
      )}
    </RemoteView>
  );
}

/** The pack's bytes to the reader: h5 saves it, weapp opens WeChat's document viewer. */
async function openPack(item: DossierItem): Promise<void> {
  const file = await call('develop', 'dossierFile', { id: item.id });
  if (!file.ok) {
    void Taro.showToast({ title: file.error.message, icon: 'none' });
    return;
  }
  try {
    if (process.env.TARO_ENV === 'h5') {
      const blob = await fetchFile(file.data.url);
      if (!blob) throw new Error('download failed');
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `转正材料-${item.memberName}.pdf`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } else {
      await Taro.openDocument({ filePath: await downloadToTemp(file.data.url), fileType: 'pdf', showMenu: true });
    }
  } catch {
    void Taro.showToast({ title: '文件下载失败，请稍后重试', icon: 'none' });
  }
}

/** The caller's packs: a member's own, the ones a counselor issued. */
function MyPacks() {
  const list = usePaged<DossierItem>(async (cursor) => call('develop', 'listDossiers', cursor ? { cursor } : {}), []);
  const [busy, setBusy] = useState<string | null>(null);
  const open = async (item: DossierItem) => {
    setBusy(item.id);
    await openPack(item);
    setBusy(null);
  };
  if (list.loading && list.items.length === 0) return <Loading />;
  if (list.error) return <ErrorState message={list.error.message} onRetry={list.reload} />;
  if (list.items.length === 0) return <StateView icon='档' title='暂无转正材料' text='辅导员为预备党员出具转正材料后，出具人和党员本人可以在这里下载。' />;
  return (
    <View className='page'>
      <View className='card card--list'>
        {list.items.map((d) => (
          <View key={d.id} className='field'>
            <View>{d.memberName} · {formatCst(d.issuedAt)}</View>
            <View className='muted'>出具人 {d.issuedByName}　编号 {d.id}{d.entriesLeftOut > 0 ? `　未列出 ${d.entriesLeftOut} 条较早的时长记录` : ''}</View>
            <Btn kind='plain' busy={busy === d.id} onClick={() => void open(d)}>下载 PDF</Btn>
          </View>
        ))}
      </View>
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

/** `?scene=` (the pack's mini-program code) or `?id=`: verify one pack; without: the caller's packs. */
export default function DossierPage() {
  const params = useRouter().params;
  const asked = params.scene !== undefined || params.id !== undefined;
  const id = dossierIdOf({ scene: params.scene, id: params.id });
  if (!asked) return <MyPacks />;
  return (
    <View className='page'>
      {id ? <Verify id={id} /> : <StateView icon='!' title='二维码无效' text='这不是系统出具的转正材料二维码，请向出具的辅导员核实。' />}
    </View>
  );
}
