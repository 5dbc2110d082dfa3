import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea } from '../../components/field';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { applicationStatusLabels, mayApplyAgain } from '../../shared/domain/badge-rules';
import { formatCst } from '../../utils/format';
import { PhotoField, type Photo } from '../log/photo-field';

/**
 * The room leader (宿舍长: a member living in the room with that post) applies for 党员示范寝室 this
 * term with a statement and photos; roommates see the application's state.
 */
export default function ModelRoomPage() {
  const { remote, reload } = useRemote(() => call('badge', 'myRoomApplication', {}), []);
  const [statement, setStatement] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const run = useCallback(() => call('badge', 'applyModelRoom', { statement, photoFileIds: photos.map((p) => p.fileID) }), [statement, photos]);
  const done = useCallback(() => { void Taro.showToast({ title: '已提交', icon: 'success' }); reload(); }, [reload]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });

  if (remote.status === 'loading') return <View className='page'><Loading /></View>;
  if (remote.status === 'error') return <View className='page'><ErrorState message={remote.message} onRetry={reload} /></View>;
  const { application: app, roomLeader, termLabel, uploadDir } = remote.data;
  const open = mayApplyAgain(app?.status ?? null);
  return (
    <View className='page'>
      {app ? (
        <View className='card'>
          <View className='card__title'>{termLabel}申请：{applicationStatusLabels[app.status]}</View>
          <View className='muted'>{app.roomLabel} · 宿舍长 {app.applicantName} · {formatCst(app.submittedAt)}</View>
          <View className='member__pledge'>{app.statement}</View>
          {app.decision ? <View className='muted'>{formatCst(app.decision.at)} {app.status === 'approved' ? '审核通过，本学期门牌显示“党员示范寝室”' : `未通过：${app.decision.reason}`}</View> : null}
        </View>
      ) : null}
      {!roomLeader ? (
        app ? null : <StateView icon='寝' title='由宿舍长提出申请' text='党员示范寝室由住在本寝室、担任宿舍长的党员申请；如需担任宿舍长请联系辅导员。' />
      ) : open ? (
        <View className='card'>
          <Field label='申请陈述' hint={`${statement.trim().length}/1000，至少20字：寝室党员亮身份、学习、卫生、互助等情况`} error={error?.message}>
            <TextArea value={statement} onChange={setStatement} maxlength={1000} placeholder='例如：寝室两名党员带头，坚持每周集体学习……' />
          </Field>
          <PhotoField uploadDir={uploadDir} photos={photos} onChange={setPhotos} label='寝室照片（1-3张）' hint='寝室整洁、学习角等，仅审核的辅导员可见' />
          <Btn busy={busy} disabled={statement.trim().length < 20 || photos.length === 0} onClick={() => void submit()}>{app ? '补充后再次申请' : '提交申请'}</Btn>
        </View>
      ) : null}
    </View>
  );
}
