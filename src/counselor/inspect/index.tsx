import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea, TextInput } from '../../components/field';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { checklistCategoryLabels, ratingLabels, scoreInspection } from '../../shared/domain/inspection';
import { formatCst } from '../../utils/format';
import { PhotoField, type Photo } from '../../member/log/photo-field';

/** The previous results of the chosen room and its flag, so a re-inspection knows what to look at. */
function RoomHistory({ roomId }: { roomId: string }) {
  const { remote } = useRemote(() => call('checkin', 'roomInspections', { roomId, limit: 3 }), [roomId]);
  if (remote.status !== 'ok') return null;
  const { flag, items } = remote.data;
  return (
    <View className='card'>
      {flag.flagged ? (
        <View className='field__error'>脏乱差整改中，期限 {formatCst(flag.deadline, 'YYYY-MM-DD')}{flag.overdue ? '（已逾期）' : ''}；复查须由另一位检查员进行</View>
      ) : null}
      {items.length === 0 ? <View className='muted'>这间寝室还没有检查记录</View> : null}
      {items.map((i) => (
        <View key={i.id} className='muted'>
          {formatCst(i.at)} · {i.kind === 'correction' ? '更正' : '检查'} · {i.inspectorName} · {i.percent}分 · {ratingLabels[i.rating]}
        </View>
      ))}
    </View>
  );
}

/** Scores for every checklist item, the rating the shared rule derives from them, photos and a note. */
function InspectionForm({ roomId, uploadDir, onDone }: { roomId: string; uploadDir: string | null; onDone: () => void }) {
  const { remote, reload } = useRemote(() => call('checkin', 'inspectionChecklist', {}), []);
  const [scores, setScores] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const items = remote.status === 'ok' ? remote.data.items : [];
  const typed = items.map((i) => ({ id: i.id, score: Number(scores[i.id] ?? i.maxScore) }));
  const preview = items.length ? scoreInspection(items, typed) : null;
  const run = useCallback(
    () => call('checkin', 'inspectRoom', { roomId, scores: typed, note: note.trim(), photoFileIds: photos.map((p) => p.fileID) }),
    [roomId, typed, note, photos],
  );
  const done = useCallback(
    (r: { rating: keyof typeof ratingLabels; flag: { flagged: boolean; deadline: string | null } }) => {
      const text = r.flag.flagged ? `脏乱差，整改期限 ${formatCst(r.flag.deadline, 'YYYY-MM-DD')}` : `已记录：${ratingLabels[r.rating]}`;
      void Taro.showToast({ title: text, icon: 'none', duration: 3000 });
      setScores({});
      setNote('');
      setPhotos([]);
      onDone();
    },
    [onDone],
  );
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  if (remote.status === 'loading') return <Loading />;
  if (remote.status === 'error') return <ErrorState message={remote.message} onRetry={reload} />;
  return (
    <View className='card'>
      {items.map((i) => (
        <Field key={i.id} label={`${checklistCategoryLabels[i.category]} · ${i.label}（满分${i.maxScore}）`}>
          <TextInput type='number' value={scores[i.id] ?? String(i.maxScore)} onChange={(v) => setScores((s) => ({ ...s, [i.id]: v }))} maxlength={3} placeholder={`0-${i.maxScore}`} />
        </Field>
      ))}
      <View className='card__title'>
        {preview?.ok ? `得分 ${preview.total}/${preview.max}（${preview.percent}%），评定：${ratingLabels[preview.rating]}` : (preview?.message ?? '')}
      </View>
      {uploadDir ? <PhotoField uploadDir={uploadDir} photos={photos} onChange={setPhotos} label='检查照片（选填，最多3张）' hint='问题部位、整改前后对比；辅导员可见' /> : null}
      <Field label='备注（选填）' hint={`${note.trim().length}/300`} error={error?.message}>
        <TextArea value={note} onChange={setNote} maxlength={300} placeholder='例如：阳台堆放杂物，已提醒' />
      </Field>
      <Btn busy={busy} disabled={!preview?.ok} onClick={() => void submit()}>提交检查结果</Btn>
    </View>
  );
}

/**
 * A counselor, or a student the counselor appointed, inspects a room of a building they may inspect:
 * pick the building, the floor and the room (flagged ones marked), score the checklist, add photos and a note.
 */
export default function InspectPage() {
  const params = useRouter().params;
  const { remote, reload } = useRemote(() => call('checkin', 'myInspectorBuildings', {}), []);
  const [buildingId, setBuildingId] = useState<string | null>(params.buildingId ?? null);
  const [roomId, setRoomId] = useState<string | null>(params.roomId ?? null);
  const [round, setRound] = useState(0);
  const buildings = remote.status === 'ok' ? remote.data.buildings : [];
  const uploadDir = remote.status === 'ok' ? remote.data.uploadDir : null;
  const current = buildingId ?? buildings[0]?.id ?? null;
  const floors = buildings.find((b) => b.id === current)?.floors ?? 0;
  const [floor, setFloor] = useState(1);
  // One floor at a time, a page at a time: a 150-room building never loads at once.
  const rooms = usePaged(
    (cursor) =>
      current ? call('checkin', 'inspectableRooms', { buildingId: current, floor, limit: 30, ...(cursor ? { cursor } : {}) }) : Promise.resolve({ ok: true as const, data: { items: [], nextCursor: null } }),
    [current, floor, round],
  );

  if (remote.status === 'loading') return <View className='page'><Loading /></View>;
  if (remote.status === 'error') return <View className='page'><ErrorState message={remote.message} onRetry={reload} /></View>;
  if (buildings.length === 0) return <View className='page'><StateView icon='检' title='你还不是检查员' text='由辅导员任命为本楼检查员后，可在这里检查寝室' /></View>;
  return (
    <View className='page'>
      <View className='chips'>
        {buildings.map((b) => (
          <View key={b.id} className={b.id === current ? 'chip chip--on' : 'chip'} onClick={() => { setBuildingId(b.id); setFloor(1); setRoomId(null); }}>{b.name}</View>
        ))}
      </View>
      <View className='chips'>
        {Array.from({ length: floors }, (_, k) => k + 1).map((f) => (
          <View key={f} className={f === floor ? 'chip chip--on' : 'chip'} onClick={() => setFloor(f)}>{f}层</View>
        ))}
      </View>
      {rooms.loading && rooms.items.length === 0 ? <Loading /> : null}
      {rooms.error ? <ErrorState message={rooms.error.message} onRetry={rooms.reload} /> : null}
      {!rooms.loading && !rooms.error && rooms.items.length === 0 ? <View className='muted'>这一层没有寝室</View> : null}
      <View className='chips'>
        {rooms.items.map((r) => (
          <View key={r.id} className={r.id === roomId ? 'chip chip--on' : 'chip'} onClick={() => setRoomId(r.id)}>
            {r.number}{r.flagged ? '（整改中）' : ''}
          </View>
        ))}
      </View>
      {rooms.hasMore ? <Btn small kind='plain' busy={rooms.loadingMore} onClick={rooms.loadMore}>加载更多</Btn> : null}
      {roomId ? (
        <View key={`${roomId}-${round}`}>
          <RoomHistory roomId={roomId} />
          <InspectionForm roomId={roomId} uploadDir={uploadDir} onDone={() => setRound((n) => n + 1)} />
        </View>
      ) : (
        <View className='muted'>请选择要检查的寝室</View>
      )}
    </View>
  );
}
