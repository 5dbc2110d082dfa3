import { View } from '@tarojs/components';
import { DevSignIn } from '../../components/dev-sign-in';
import { RemoteView } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';
import type { Me } from '../../shared/contract/common';
import { memberStatusLabels, roleLabels } from '../../shared/model';
import { go, routes } from '../../utils/routes';
import { BindForm, InviteForm } from './bind-form';
import { MyDataCard } from './my-data';
import { MyFeedback } from './my-feedback';
import { PendingVisits } from './pending-visits';

function Link({ title, sub, url }: { title: string; sub?: string; url: string }) {
  return (
    <View className='list-item' hoverClass='btn--hover' onClick={() => go(url)}>
      <View className='list-item__main'>
        {title}
        {sub ? <View className='muted'>{sub}</View> : null}
      </View>
      <View className='list-item__arrow'>›</View>
    </View>
  );
}

function Identity({ me }: { me: Me }) {
  return (
    <View className='hero'>
      <View className='hero__title'>{me.name ?? '未绑定的同学'}</View>
      <View className='hero__sub'>
        {me.left ? '已离校' : roleLabels[me.role]}
        {me.member ? ` · ${memberStatusLabels[me.member.status]}` : ''}
        {me.room ? ` · ${me.room.buildingName} ${me.room.number}室` : ''}
      </View>
    </View>
  );
}

function RoleSection({ me }: { me: Me }) {
  if (me.role === 'member' && me.member) {
    return (
      <View className='card card--list'>
        <Link title='志愿服务时长' sub={`本学期已认定 ${me.member.termHours} 小时`} url={routes.memberHours()} />
        <Link title='扫码签到' sub='参加组织活动时签到、签退' url={routes.memberScan()} />
        <Link title='走访联系寝室' sub='扫联系寝室的门牌记录走访，看本月完成情况' url={routes.memberVisits()} />
        <Link title='我的值班' sub='服务站值班签到、签退，换班与记录' url={routes.memberDuty()} />
        <Link title='我的转正材料' sub='辅导员出具的转正材料（PDF），仅本人和出具人可下载' url={routes.dossier()} />
        <Link title='我的发展条件' sub='下一步发展的条件、证明和发展积分' url={routes.memberEligibility()} />
        <Link title='我的公示资料' sub={me.member.consent.public ? '已同意公示：门牌和公示墙上可见' : '未公示：门牌和公示墙上不显示你'} url={routes.memberProfile()} />
        {me.room ? <Link title='本楼公示墙' sub='看看同学们看到的公示内容' url={routes.wall(me.room.buildingId)} /> : null}
        <Link title='党员之星评选' sub='自荐、投票、查看公示结果' url={routes.star()} />
        <Link title='寝室检查结果' sub='卫生安全检查、整改期限' url={routes.memberRoom()} />
        <Link title='检查寝室（检查员）' sub='受辅导员任命的检查员在这里检查' url={routes.counselorInspect()} />
        <Link title='我的发展进程' sub='入党申请到转正的时间线、公示与异议' url={routes.memberDevelop()} />
        <Link title='党员示范寝室申请' sub='宿舍长申请，辅导员审核；通过后门牌显示' url={routes.memberModelRoom()} />
      </View>
    );
  }
  if (me.role === 'student') {
    return (
      <View className='card card--list'>
        <Link title='党员之星评选' sub='投票、查看公示结果' url={routes.star()} />
        <Link title='寝室检查结果' sub='卫生安全检查、整改期限' url={routes.memberRoom()} />
        <Link title='检查寝室（检查员）' sub='受辅导员任命的检查员在这里检查' url={routes.counselorInspect()} />
        <Link title='我的发展进程' sub='入党申请的记录、公示与我提出的异议' url={routes.memberDevelop()} />
      </View>
    );
  }
  if (me.role === 'counselor') {
    const names = me.counselor?.buildings.map((b) => b.name).join('、') || '暂无';
    return (
      <View className='card'>
        <View className='muted'>负责楼栋：{names}</View>
        <Link title='审核志愿时长' sub='通过、驳回或退回党员的登记' url={routes.counselorReview()} />
        <Link title='工作看板' sub='待审积压、支部时长、进度落后的预备党员' url={routes.counselorDashboard()} />
        <Link title='组织活动' sub='创建活动，显示签到二维码，导出时长' url={routes.counselorActivity()} />
        <Link title='值班管理' sub='服务站、每周排班、到岗与换班' url={routes.counselorDuty()} />
        <Link title='监督反馈' sub='查看并处理本楼同学的反馈' url={routes.counselorFeedback()} />
        <Link title='党员之星评选' sub='发起评选、提名、计票、公示与异议' url={routes.counselorStar()} />
        <Link title='联系寝室与走访' sub='为党员分配联系寝室，查看走访覆盖' url={routes.counselorVisits()} />
        <Link title='寝室检查' sub='按检查表打分、拍照，评定等级' url={routes.counselorInspect()} />
        <Link title='整改与评比' sub='脏乱差寝室、检查员任命、本月文明寝室' url={routes.counselorInspections()} />
        <Link title='发展党员' sub='发展时间线、转正与公示异议' url={routes.counselorDevelop()} />
        <Link title='我出具的转正材料' sub='已出具的预备党员转正材料，可再次下载' url={routes.dossier()} />
        <Link title='发展条件与积分' sub='转正将到期、积极分子和发展对象按积分，以及阻碍' url={routes.counselorEligibility()} />
        <Link title='徽章授予' sub='为本楼党员授予、撤销徽章，查看授予记录' url={routes.counselorBadges()} />
        <Link title='示范寝室审核' sub='宿舍长提交的党员示范寝室申请' url={routes.counselorApplications()} />
        <Link title='操作记录' sub='本楼的操作记录：谁做了什么，修改前后' url={routes.counselorAudit()} />
      </View>
    );
  }
  if (me.role === 'admin') {
    return (
      <View className='card card--list'>
        <Link title='寝室二维码' url={routes.adminCodes()} />
        <Link title='辅导员邀请' url={routes.adminInvites()} />
        <Link title='用户管理' url={routes.adminUsers()} />
        <Link title='值班管理' url={routes.counselorDuty()} />
        <Link title='监督反馈' url={routes.counselorFeedback()} />
        <Link title='党员之星评选' url={routes.counselorStar()} />
        <Link title='联系寝室与走访' url={routes.counselorVisits()} />
        <Link title='寝室检查' url={routes.counselorInspect()} />
        <Link title='整改与评比' url={routes.counselorInspections()} />
        <Link title='发展党员' url={routes.counselorDevelop()} />
        <Link title='寝室检查表' url={routes.adminChecklist()} />
        <Link title='我出具的转正材料' url={routes.dossier()} />
        <Link title='发展条件与积分' url={routes.counselorEligibility()} />
        <Link title='发展积分规则' url={routes.adminPoints()} />
        <Link title='徽章目录' url={routes.adminBadges()} />
        <Link title='徽章授予' url={routes.counselorBadges()} />
        <Link title='示范寝室审核' url={routes.counselorApplications()} />
        <Link title='楼栋与房间' url={routes.adminPlaces()} />
        <Link title='支部与党小组' url={routes.adminBranches()} />
        <Link title='学期' url={routes.adminTerms()} />
        <Link title='辅导员负责楼栋' url={routes.adminScopes()} />
        <Link title='名单导入' sub='从 Excel 导入学生、楼栋与房间' url={routes.adminRosterImport()} />
        <Link title='操作记录' sub='谁在何时对谁做了什么，修改前后' url={routes.adminAudit()} />
      </View>
    );
  }
  return null;
}

export default function MePage() {
  const { remote, reload } = useMe();
  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {(me) => (
          <View>
            <Identity me={me} />
            {me.role === 'student' || me.role === 'member' ? <PendingVisits /> : null}
            <RoleSection me={me} />
            {me.left ? <MyDataCard left /> : null}
            {me.role === 'guest' && !me.left ? <BindForm onBound={reload} /> : null}
            {me.role === 'student' || me.role === 'member' ? <MyFeedback /> : null}
            {me.role === 'student' || me.role === 'member' ? <MyDataCard /> : null}
            {(me.role === 'guest' && !me.left) || me.role === 'student' ? <InviteForm onJoined={reload} /> : null}
          </View>
        )}
      </RemoteView>
      {/* The constant condition lets the weapp build drop the local sign-in entirely. */}
      {process.env.TARO_ENV === 'h5' ? <DevSignIn onChange={reload} /> : null}
    </View>
  );
}
