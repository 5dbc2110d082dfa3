import { View } from '@tarojs/components';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { CodeEntry, useOpenPlaque } from '../../components/code-entry';
import { Sheet } from '../../components/sheet';
import { Tags } from '../../components/tags';
import { useMe } from '../../hooks/use-me';
import type { Me } from '../../shared/contract/common';
import { roleLabels } from '../../shared/model';
import { go, routes } from '../../utils/routes';

interface Tile {
  icon: string;
  title: string;
  sub: string;
  url: string;
}

/** What each role can reach from home, besides scanning and the wall that everyone has. */
function roleTiles(me: Me | null): Tile[] {
  if (!me) return [];
  if (me.role === 'member') {
    return [
      { icon: '时', title: '志愿服务时长', sub: '登记、进度、审核结果', url: routes.memberHours() },
      { icon: '签', title: '扫码签到', sub: '活动签到与签退', url: routes.memberScan() },
      { icon: '值', title: '我的值班', sub: '服务站签到、换班、记录', url: routes.memberDuty() },
      { icon: '资', title: '我的公示资料', sub: '照片、承诺、是否公示', url: routes.memberProfile() },
      { icon: '范', title: '示范寝室申请', sub: '宿舍长申请党员示范寝室', url: routes.memberModelRoom() },
    ];
  }
  if (me.role === 'counselor') {
    return [
      { icon: '审', title: '审核志愿时长', sub: '待审核的登记', url: routes.counselorReview() },
      { icon: '板', title: '工作看板', sub: '积压、支部时长、进度', url: routes.counselorDashboard() },
      { icon: '活', title: '组织活动', sub: '签到二维码、导出', url: routes.counselorActivity() },
      { icon: '值', title: '值班管理', sub: '服务站、排班、到岗情况', url: routes.counselorDuty() },
      { icon: '督', title: '监督反馈', sub: '查看并处理本楼反馈', url: routes.counselorFeedback() },
      { icon: '徽', title: '徽章授予', sub: '授予、撤销、授予记录', url: routes.counselorBadges() },
      { icon: '范', title: '示范寝室审核', sub: '党员示范寝室申请', url: routes.counselorApplications() },
    ];
  }
  if (me.role === 'admin') {
    return [
      { icon: '码', title: '寝室二维码', sub: '查看、停用、重发', url: routes.adminCodes() },
      { icon: '邀', title: '辅导员邀请', sub: '生成一次性邀请码', url: routes.adminInvites() },
      { icon: '户', title: '用户管理', sub: '查找与解除绑定', url: routes.adminUsers() },
      { icon: '值', title: '值班管理', sub: '服务站、展示密钥、排班', url: routes.counselorDuty() },
      { icon: '督', title: '监督反馈', sub: '全部楼栋的反馈', url: routes.counselorFeedback() },
      { icon: '徽', title: '徽章目录', sub: '新增、改名、停用徽章', url: routes.adminBadges() },
    ];
  }
  return [];
}

function TileView({ tile, wide }: { tile: Tile; wide?: boolean }) {
  return (
    <View className={wide ? 'menu__tile menu__tile--wide' : 'menu__tile'} hoverClass='btn--hover' ariaRole='button' onClick={() => go(tile.url)}>
      <View className='menu__icon'>{tile.icon}</View>
      <View className='menu__title'>{tile.title}</View>
      <View className='menu__sub'>{tile.sub}</View>
    </View>
  );
}

export default function HomePage() {
  const { remote, reload } = useMe();
  const { scan, entering, closeEntry } = useOpenPlaque();
  const me = remote.status === 'ok' ? remote.data : null;
  const tiles = roleTiles(me);

  return (
    <View className='page'>
      <View className='hero'>
        <View className='hero__title'>党员亮身份 · 服务在身边</View>
        <View className='hero__sub'>
          {remote.status === 'loading' ? '正在识别身份…' : me ? `${me.name ?? '同学'}，你好（${roleLabels[me.role]}）` : '扫一扫寝室门牌，认识身边的党员'}
        </View>
        {/* A member's current badges (issue 11), as their plaque shows them. */}
        {me?.member ? <Tags kind='badge' items={me.member.badges.map((b) => b.name)} /> : null}
      </View>

      {remote.status === 'error' ? (
        <View className='notice' onClick={reload}>
          {remote.message}。点此重试
        </View>
      ) : null}

      <View className='menu'>
        <TileView wide tile={{ icon: '墙', title: '楼栋公示墙', sub: '本楼党员、预备党员、发展对象和入党积极分子', url: routes.wall() }} />
        <TileView tile={{ icon: '星', title: '党员之星评选', sub: '每月之星：提名、投票、公示', url: me?.role === 'counselor' || me?.role === 'admin' ? routes.counselorStar() : routes.star() }} />
        {tiles.map((t) => (
          <TileView key={t.url} tile={t} />
        ))}
        <TileView tile={{ icon: '我', title: '我的', sub: me?.role === 'guest' ? '绑定学号' : '身份与设置', url: routes.me() }} />
      </View>
      {remote.status === 'loading' ? <View className='skeleton' /> : null}

      <Sheet open={entering} title='查看寝室党员' onClose={closeEntry}>
        <CodeEntry onDone={closeEntry} />
      </Sheet>

      <BottomBar>
        <Btn onClick={() => void scan()}>{process.env.TARO_ENV === 'weapp' ? '扫码查看寝室党员' : '输入门牌编号查看'}</Btn>
      </BottomBar>
    </View>
  );
}
