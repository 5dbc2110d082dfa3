import { View } from '@tarojs/components';
import { useState } from 'react';
import { Btn } from '../../components/btn';
import { ErrorState, Loading } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { BuildingChips } from '../../admin/building-chips';
import type { OutputOf } from '../../shared/contract/define';
import type { visitsContract } from '../../shared/contract/checkin-visits';
import { COVERAGE_FILTERS, coverageFilterLabels, MAX_LINKED_ROOMS, type CoverageFilter } from '../../shared/domain/visits';
import { MemberVisits } from './member-visits';

type MemberRow = OutputOf<(typeof visitsContract)['memberLinks']>['items'][number];
type CoverageRow = OutputOf<(typeof visitsContract)['visitCoverage']>['items'][number];
type RoomRow = OutputOf<(typeof visitsContract)['roomCoverage']>['items'][number];

/** Picks one or two rooms of the building for a member (never their own: the server says why). */
function LinkEditor({ member, buildingId, onSaved }: { member: MemberRow; buildingId: string; onSaved: () => void }) {
  const rooms = usePaged((cursor) => call('plaque', 'rooms', { buildingId, limit: 50, ...(cursor ? { cursor } : {}) }), [buildingId]);
  const [picked, setPicked] = useState<string[]>(member.rooms.map((r) => r.id));
  const save = useSubmit(() => call('checkin', 'setLinks', { memberId: member.id, roomIds: picked }), onSaved, { inline: true });
  const toggle = (id: string) =>
    setPicked((now) => (now.includes(id) ? now.filter((x) => x !== id) : now.length >= MAX_LINKED_ROOMS ? [...now.slice(1), id] : [...now, id]));
  return (
    <View className='card'>
      <View className='card__title'>{member.name}（住 {member.roomNumber}）的联系寝室</View>
      <View className='muted'>选择1到{MAX_LINKED_ROOMS}间寝室，不能选党员自己住的寝室。修改会保留原来的联系记录。</View>
      {rooms.loading && rooms.items.length === 0 ? <Loading /> : null}
      {rooms.error && rooms.items.length === 0 ? <ErrorState message={rooms.error.message} onRetry={rooms.reload} /> : null}
      <View className='chips' style={{ marginTop: '12px' }}>
        {rooms.items.map((r) => (
          <View key={r.id} className={picked.includes(r.id) ? 'chip chip--on' : 'chip'} onClick={() => toggle(r.id)}>{r.number}</View>
        ))}
      </View>
      {rooms.hasMore ? <Btn small kind='plain' busy={rooms.loadingMore} onClick={rooms.loadMore}>加载更多</Btn> : null}
      {save.error ? <View className='error-box'>{save.error.message}</View> : null}
      <Btn busy={save.busy} disabled={picked.length === 0} onClick={() => void save.submit()}>保存联系寝室</Btn>
    </View>
  );
}

/**
 * 联系寝室与走访: the counselor links members of a building to rooms, and watches this month's visit
 * coverage per member or per room, all or only 本月未达标 / 从未走访 (the server filters, page by page).
 */
export default function CounselorVisitsPage() {
  // A counselor picks among their own buildings (plaque.buildings gives a counselor their scope); an admin among all, page by page.
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const [tab, setTab] = useState<'links' | 'coverage'>('coverage');
  const [editing, setEditing] = useState<MemberRow | null>(null);
  const [watching, setWatching] = useState<CoverageRow | null>(null);
  const members = usePaged<MemberRow>((cursor) => (buildingId ? call('checkin', 'memberLinks', { buildingId, cursor }) : Promise.resolve({ ok: true as const, data: { items: [], nextCursor: null } })), [buildingId]);
  const [by, setBy] = useState<'member' | 'room'>('member');
  const [filter, setFilter] = useState<CoverageFilter | null>(null);
  const none = { ok: true as const, data: { month: '', target: 1, items: [], nextCursor: null } };
  const coverage = usePaged<CoverageRow>(
    (cursor) => (buildingId && by === 'member' ? call('checkin', 'visitCoverage', { buildingId, cursor, ...(filter ? { filter } : {}) }) : Promise.resolve(none)),
    [buildingId, by, filter],
  );
  const roomCoverage = usePaged<RoomRow>(
    (cursor) => (buildingId && by === 'room' ? call('checkin', 'roomCoverage', { buildingId, cursor, ...(filter ? { filter } : {}) }) : Promise.resolve(none)),
    [buildingId, by, filter],
  );
  const shown = by === 'member' ? coverage : roomCoverage;

  return (
    <View className='page'>
      <BuildingChips selected={buildingId ? [buildingId] : []} onToggle={(id) => { setBuildingId(id); setEditing(null); setWatching(null); }} />
      {buildingId ? (
        <View className='chips'>
          <View className={tab === 'coverage' ? 'chip chip--on' : 'chip'} onClick={() => setTab('coverage')}>走访覆盖</View>
          <View className={tab === 'links' ? 'chip chip--on' : 'chip'} onClick={() => setTab('links')}>联系寝室</View>
        </View>
      ) : (
        <View className='muted'>请选择楼栋</View>
      )}
      {buildingId && tab === 'links' && editing ? (
        <LinkEditor member={editing} buildingId={buildingId} onSaved={() => { setEditing(null); members.reload(); coverage.reload(); roomCoverage.reload(); }} />
      ) : null}
      {buildingId && tab === 'links' ? (
        <View className='card card--list'>
          {members.error ? <View className='error-box'>{members.error.message}</View> : null}
          {members.items.map((m) => (
            <View key={m.id} className='list-item' onClick={() => setEditing(m)}>
              <View className='list-item__main'>
                {m.name}（住 {m.roomNumber}）
                <View className='muted'>{m.rooms.length ? `联系 ${m.rooms.map((r) => r.number).join('、')}` : '未分配联系寝室'}</View>
              </View>
              <View className='list-item__arrow'>›</View>
            </View>
          ))}
          {members.hasMore ? <Btn kind='ghost' small busy={members.loadingMore} onClick={members.loadMore}>加载更多</Btn> : null}
        </View>
      ) : null}
      {buildingId && tab === 'coverage' ? (
        <View className='chips'>
          <View className={by === 'member' ? 'chip chip--on' : 'chip'} onClick={() => { setBy('member'); setWatching(null); }}>按党员</View>
          <View className={by === 'room' ? 'chip chip--on' : 'chip'} onClick={() => { setBy('room'); setWatching(null); }}>按寝室</View>
          <View className={filter === null ? 'chip chip--on' : 'chip'} onClick={() => setFilter(null)}>全部</View>
          {COVERAGE_FILTERS.map((f) => (
            <View key={f} className={filter === f ? 'chip chip--on' : 'chip'} onClick={() => setFilter(f)}>{coverageFilterLabels[f]}</View>
          ))}
        </View>
      ) : null}
      {buildingId && tab === 'coverage' && watching ? (
        <MemberVisits key={watching.id} memberId={watching.memberId} memberName={watching.memberName} roomId={watching.roomId} roomNumber={watching.roomNumber} onChanged={() => { coverage.reload(); roomCoverage.reload(); }} />
      ) : null}
      {buildingId && tab === 'coverage' ? (
        <View className='card card--list'>
          {shown.error ? <View className='error-box'>{shown.error.message}</View> : null}
          {!shown.loading && !shown.error && shown.items.length === 0 ? (
            <View className='muted' style={{ padding: '16px 8px' }}>{filter ? `没有${coverageFilterLabels[filter]}的联系寝室` : '这栋楼还没有联系寝室'}</View>
          ) : null}
          {by === 'member'
            ? coverage.items.map((c) => (
                <View key={c.id} className='list-item' onClick={() => setWatching(c)}>
                  <View className='list-item__main'>
                    {c.memberName} → {c.roomNumber}室
                    <View className='muted'>
                      本月已确认 {c.confirmed} 次{c.behind ? ' · 未达标' : ' · 已达标'}{c.neverVisited ? ' · 从未走访' : ''}
                    </View>
                  </View>
                </View>
              ))
            : roomCoverage.items.map((r) => (
                <View key={r.id} className='list-item'>
                  <View className='list-item__main'>
                    {r.roomNumber}室 · 联系党员 {r.members.map((m) => m.name).join('、')}
                    <View className='muted'>
                      本月已确认 {r.confirmed} 次{r.behind ? ' · 未达标' : ' · 已达标'}{r.neverVisited ? ' · 从未走访' : ''}
                    </View>
                  </View>
                </View>
              ))}
          {shown.hasMore ? <Btn kind='ghost' small busy={shown.loadingMore} onClick={shown.loadMore}>加载更多</Btn> : null}
        </View>
      ) : null}
    </View>
  );
}
