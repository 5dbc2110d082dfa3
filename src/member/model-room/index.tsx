import { Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea } from '../../components/field';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { applicationStatusLabels, mayApplyAgain } from '../../shared/domain/badge-rules';
import { formatCst } from '../../utils/format';
import { PhotoField, type Photo } from '../log/photo-field';

const MIN_STATEMENT = 20;

/**
 * The room leader (宿舍长: a member living in the room with that post) applies for 党员示范寝室 this
 * term with a statement and photos; roommates see the application's state. A declined application
 * shows the counselor's reason and opens the form again with the earlier statement to improve.
 */
export default function ModelRoomPage() {
  const { remote, reload } = useRemote(() => call('badge', 'myRoomApplication', {}), []);
  const { remote: me } = useMe();
  const [statement, setStatement] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const declinedStatement = remote.status === 'ok' && remote.data.application?.status === 'declined' ? remote.data.application.statement : null;
  useEffect(() => {
    if (declinedStatement) setStatement((s) => s || declinedStatement);
  }, [declinedStatement]);
  const run = useCallback(() => call('badge', 'applyModelRoom', { statement, photoFileIds: photos.map((p) => p.fileID) }), [statement, photos]);
  const done = useCallback(() => {
    setStatement('');
    setPhotos([]);
    void Taro.showToast({ title: '已提交', icon: 'success' });
    reload();
  }, [reload]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });

  if (remote.status === 'loading') return <View className='page'><Loading /></View>;
  if (remote.status === 'error') return <View className='page'><ErrorState message={remote.message} onRetry={reload} /></View>;
  const { application: app, roomLeader, termLabel, uploadDir } = remote.data;
  const open = mayApplyAgain(app?.status ?? null);
  const room = me.status === 'ok' && me.data.room ? `${me.data.room.buildingName} ${me.data.room.number}室` : null;
  const length = statement.trim().length;
  // Why the button is grey, said next to it instead of leaving the leader guessing.
  const missing = length < MIN_STATEMENT ? `申请陈述还差 ${MIN_STATEMENT - length} 字` : photos.length === 0 ? '请至少上传 1 张寝室照片' : null;
  return (
    <View className='page'>
      <View className='card'>
        <View className='card__title'>{termLabel}党员示范寝室</View>
        <View className='muted'>{room ? `${room} · ` : ''}由宿舍长提出申请，辅导员审核；通过后本学期寝室门牌显示“党员示范寝室”徽章。</View>
      </View>
      {app ? (
        <View className='card'>
          <View className='card__title'>本学期申请：{applicationStatusLabels[app.status]}</View>
          <View className='muted'>{app.roomLabel} · 宿舍长 {app.applicantName} · 提交于 {formatCst(app.submittedAt)}</View>
          <View className='member__pledge'>{app.statement}</View>
          <View className='photos'>
            {app.photoUrls.map((u) => <Image key={u} className='photo__img' src={u} mode='aspectFill' onClick={() => void Taro.previewImage({ urls: app.photoUrls, current: u }).catch(() => undefined)} />)}
          </View>
          {app.status === 'pending' ? <View className='muted'>辅导员审核后，结果会显示在这里。</View> : null}
          {app.status === 'approved' && app.decision ? <View className='notice'>{formatCst(app.decision.at)} 审核通过，本学期门牌显示“党员示范寝室”。</View> : null}
          {app.status === 'declined' && app.decision ? <View className='notice'>未通过（{formatCst(app.decision.at)}）：{app.decision.reason}</View> : null}
          {app.declines.filter((d) => d.at !== app.decision?.at).map((d) => <View key={d.at} className='muted'>此前未通过（{formatCst(d.at)}）：{d.reason}</View>)}
        </View>
      ) : null}
      {!roomLeader ? (
        app ? null : <StateView icon='寝' title='由宿舍长提出申请' text='党员示范寝室由住在本寝室、担任宿舍长的党员申请；如需担任宿舍长请联系辅导员。' />
      ) : open ? (
        <View className='card'>
          <View className='card__title'>{app ? '按辅导员的意见补充后再次申请' : '提交申请'}</View>
          <Field label='申请陈述' hint={`${length}/1000，至少${MIN_STATEMENT}字：寝室党员亮身份、学习、卫生、互助等情况`} error={error?.message}>
            <TextArea value={statement} onChange={setStatement} maxlength={1000} placeholder='例如：寝室两名党员带头，坚持每周集体学习……' />
          </Field>
          <PhotoField uploadDir={uploadDir} photos={photos} onChange={setPhotos} label='寝室照片（1-3张）' hint={app ? '请重新上传照片，仅审核的辅导员可见' : '寝室整洁、学习角等，仅审核的辅导员可见'} />
          {missing ? <View className='muted'>{missing}</View> : null}
          <Btn busy={busy} disabled={missing !== null} onClick={() => void submit()}>{app ? '再次提交申请' : '提交申请'}</Btn>
        </View>
      ) : null}
    </View>
  );
}
