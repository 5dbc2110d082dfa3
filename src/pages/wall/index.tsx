import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { DevelopNotices } from '../../components/develop-notices';
import { FeedbackSheet } from '../../components/feedback-sheet';
import { MemberCard } from '../../components/member-card';
import { ErrorState, Loading, RemoteView, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';
import type { PublicMember } from '../../shared/contract/common';
import { byStatus } from '../../shared/domain/public-member';
import { memberStatusLabels } from '../../shared/model';
import { go, routes } from '../../utils/routes';

/** Without a building: pick one (plaque.buildings, by community then number, a page at a time). */
function BuildingList() {
  const list = usePaged((cursor) => call('plaque', 'buildings', { limit: BUILDING_PAGE, ...(cursor ? { cursor } : {}) }), []);
  usePullReload(list.reload);
  return (
    <View className='page'>
      <View className='section-title'>选择楼栋</View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 && !list.hasMore ? (
        <StateView icon='空' title='还没有楼栋' text='管理员导入楼栋后这里会显示。' action={{ label: '刷新', onClick: list.reload }} />
      ) : null}
      {list.items.length > 0 ? (
        <View className='card'>
          {list.items.map((b) => (
            <View key={b.id} className='list-item' hoverClass='btn--hover' onClick={() => go(routes.wall(b.id))}>
              <View className='list-item__main'>
                {b.name}
                <View className='muted'>{b.communityName} · {b.floors}层</View>
              </View>
              <View className='list-item__arrow'>›</View>
            </View>
          ))}
        </View>
      ) : null}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

/** The contract's largest page: a school's buildings take a tap or two. */
const BUILDING_PAGE = 50;

type WallMember = PublicMember & { roomNumber: string };

/** The wall shows 入党积极分子 and 发展对象 too, each in their own section: the title says so. */
const WALL_TITLE = '党员及入党积极分子公示';

/**
 * A building's consenting members and applicants: one labelled section per status (正式党员,
 * 预备党员, 发展对象, 入党积极分子), floor and room order within each.
 */
function Wall({ buildingId }: { buildingId: string }) {
  const { remote, reload: reloadFirst } = useRemote(() => call('plaque', 'wall', { buildingId }), [buildingId]);
  const [feedbackFor, setFeedbackFor] = useState<PublicMember | null>(null);
  // Further pages (higher floors), appended to the first; a reload starts over.
  const [more, setMore] = useState<{ members: WallMember[]; cursor: string | null | undefined; busy: boolean }>({ members: [], cursor: undefined, busy: false });
  const reload = useCallback(() => {
    setMore({ members: [], cursor: undefined, busy: false });
    reloadFirst();
  }, [reloadFirst]);
  usePullReload(reload);
  const nextCursor = more.cursor === undefined ? (remote.status === 'ok' ? remote.data.nextCursor : null) : more.cursor;
  const loadMore = () => {
    if (!nextCursor || more.busy) return;
    setMore((m) => ({ ...m, busy: true }));
    void call('plaque', 'wall', { buildingId, cursor: nextCursor }).then((r) => {
      if (!r.ok) {
        setMore((m) => ({ ...m, busy: false }));
        return void Taro.showToast({ title: r.error.message, icon: 'none' });
      }
      setMore((m) => ({ members: [...m.members, ...r.data.floors.flatMap((f) => f.members)], cursor: r.data.nextCursor, busy: false }));
    });
  };
  useEffect(() => {
    if (remote.status === 'ok') void Taro.setNavigationBarTitle({ title: `${remote.data.building.name} ${WALL_TITLE}` });
  }, [remote]);

  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {({ building, floors }) => (
          <View>
            <View className='hero'>
              <View className='hero__title'>{building.name}</View>
              <View className='hero__sub'>{building.communityName} · {WALL_TITLE}</View>
            </View>
            <DevelopNotices buildingId={buildingId} />
            {floors.every((f) => f.members.length === 0) ? (
              <StateView icon='空' title='本楼暂无公示的党员' text='党员本人同意后才会公示。' action={{ label: '刷新', onClick: reload }} />
            ) : (
              byStatus([...floors.flatMap((f) => f.members), ...more.members]).map((section) => (
                <View key={section.status} className='floor' ariaLabel={memberStatusLabels[section.status]}>
                  <View className='floor__title'>{memberStatusLabels[section.status]} · {section.members.length}名</View>
                  {section.members.map(({ roomNumber, ...m }) => (
                    <MemberCard key={m.id} member={m} roomNumber={roomNumber} onFeedback={setFeedbackFor} />
                  ))}
                </View>
              ))
            )}
          </View>
        )}
      </RemoteView>
      {remote.status === 'ok' && nextCursor ? <Btn kind='plain' busy={more.busy} onClick={loadMore}>加载更多</Btn> : null}
      <FeedbackSheet member={feedbackFor} onClose={() => setFeedbackFor(null)} />
      <BottomBar>
        <Btn kind='ghost' onClick={() => void Taro.redirectTo({ url: routes.wall() })}>切换楼栋</Btn>
        <Btn kind='ghost' onClick={() => go(routes.star())}>党员之星评选</Btn>
      </BottomBar>
    </View>
  );
}

export default function WallPage() {
  const buildingId = useRouter().params.buildingId;
  return buildingId ? <Wall buildingId={decodeURIComponent(buildingId)} /> : <BuildingList />;
}
