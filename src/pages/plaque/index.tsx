import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { CodeEntry } from '../../components/code-entry';
import { FeedbackSheet } from '../../components/feedback-sheet';
import { MemberCard } from '../../components/member-card';
import { Tags } from '../../components/tags';
import { RemoteView, StateView } from '../../components/state-view';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';
import type { PublicMember } from '../../shared/contract/common';
import { byStatus } from '../../shared/domain/public-member';
import { errorMessages } from '../../shared/errors';
import { go, routes } from '../../utils/routes';
import { decodeScene } from '../../utils/scene';

const goHome = () => void Taro.reLaunch({ url: routes.home() });

/** Unknown and retired codes are normal events (an old sticker, a mistyped link), not failures. */
function codeProblem(error: { code: string }) {
  if (error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT') {
    return (
      <StateView icon='?' title='没有找到这个寝室' text='这个二维码不是本系统的寝室党员门牌，或编号有误。请确认扫描的是寝室门上的党员明示牌。' action={{ label: '回到首页', onClick: goHome }} />
    );
  }
  if (error.code === 'CODE_RETIRED') {
    return <StateView icon='停' title='这个门牌二维码已停用' text={errorMessages.CODE_RETIRED} action={{ label: '回到首页', onClick: goHome }} />;
  }
  return undefined;
}

/** The scan landing page: a room and its consenting members, from the code on its door. */
export default function PlaquePage() {
  // A mini-program code passes the room code as `scene` (URL-encoded); the h5 link does the same.
  const code = decodeScene(useRouter().params.scene);
  const { remote, reload } = useRemote(() => call('plaque', 'view', { code }), [code]);
  const [feedbackFor, setFeedbackFor] = useState<PublicMember | null>(null);
  usePullReload(reload);

  useEffect(() => {
    if (remote.status === 'ok') void Taro.setNavigationBarTitle({ title: `${remote.data.room.buildingName} ${remote.data.room.number}室` });
  }, [remote]);

  if (!code) {
    return (
      <View className='page'>
        <StateView icon='码' title='请扫描寝室门牌' text='扫描寝室门上党员明示牌的二维码，或输入门牌编号。' />
        <CodeEntry />
      </View>
    );
  }

  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload} onError={codeProblem}>
        {({ room, members, linkedMembers, roomBadges }) => (
          <View>
            <View className='hero'>
              <View className='hero__title'>{room.buildingName} {room.number}室</View>
              <View className='hero__sub'>{room.floor}层 · 党员亮身份，欢迎同学们监督</View>
              {/* The room's own badges (党员示范寝室, 文明寝室); none while it is flagged 脏乱差. */}
              <Tags kind='badge' items={roomBadges.map((b) => b.name)} />
            </View>
            {members.length === 0 && linkedMembers.length === 0 ? (
              <StateView icon='空' title='本寝室暂无公示的党员' text='党员本人同意后才会在门牌上公示。可以到楼栋公示墙看看本楼的党员。' />
            ) : (
              byStatus(members).flatMap((section) => section.members.map((m) => <MemberCard key={m.id} member={m} onFeedback={setFeedbackFor} />))
            )}
            {linkedMembers.length > 0 ? (
              <View className='plaque-linked'>
                <View className='section-title'>联系党员</View>
                <View className='muted'>负责联系本寝室的党员，有学习、生活上的困难可以找他们。</View>
                {linkedMembers.map((m) => <MemberCard key={m.id} member={m} onFeedback={setFeedbackFor} />)}
              </View>
            ) : null}
            <View className='muted' style={{ textAlign: 'center', margin: '16px 0' }}>对党员有意见或建议？点“监督反馈”，由辅导员跟进。</View>
            <BottomBar>
              <Btn kind='ghost' onClick={() => go(routes.wall(room.buildingId))}>本楼公示墙</Btn>
              <Btn kind='ghost' onClick={() => go(routes.star())}>党员之星评选</Btn>
            </BottomBar>
          </View>
        )}
      </RemoteView>
      <FeedbackSheet member={feedbackFor} onClose={() => setFeedbackFor(null)} />
    </View>
  );
}
