import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { Field, TextArea } from '../../components/field';
import { RemoteView, StateView } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';
import { useSubmit } from '../../hooks/use-submit';
import { call, upload } from '../../services/cloud';
import type { Me } from '../../shared/contract/common';
import { uploadPath } from '../../shared/domain/photo-path';
import { routes } from '../../utils/routes';
import { photoExt } from '../../utils/volunteer';
import { ConsentCard } from './consent-card';
import { PhotoPicker } from './photo-picker';

type Member = NonNullable<Me['member']>;

/**
 * Upload into the member's own folder (the only one the storage rules let them write; the server
 * checks it too), then point the profile at the new file: a failed upload leaves the old photo in
 * place, and the server deletes the old one once the profile no longer uses it.
 */
async function savePhoto(uploadDir: string, picked: { path: string; type?: string }) {
  const uploaded = await upload(uploadPath(uploadDir, 'photo', Date.now(), photoExt(picked.path, picked.type), Math.floor(Math.random() * 1000)), picked.path);
  if (!uploaded.ok) return uploaded;
  return call('account', 'updateProfile', { photoFileId: uploaded.data.fileID });
}

function Profile({ me, member, onSaved }: { me: Me; member: Member; onSaved: () => void }) {
  const [pledge, setPledge] = useState(member.pledge ?? '');
  useEffect(() => setPledge(member.pledge ?? ''), [member.pledge]);
  const saved = useCallback(() => {
    void Taro.showToast({ title: '已保存', icon: 'success' });
    onSaved();
  }, [onSaved]);

  const photo = useSubmit(savePhoto, saved);
  const removePhoto = useSubmit(() => call('account', 'updateProfile', { photoFileId: null }), saved);
  const savePledge = useSubmit(() => call('account', 'updateProfile', { pledge }), saved, { inline: true });
  const consent = useSubmit((value: boolean) => call('account', 'setConsent', { public: value }), saved);

  return (
    <View>
      <ConsentCard isPublic={member.consent.public} changedAt={member.consent.changedAt} busy={consent.busy} onChange={(v) => void consent.submit(v)} />
      <PhotoPicker name={me.name ?? ''} url={member.photoUrl} busy={photo.busy || removePhoto.busy} onPicked={(p) => void photo.submit(member.uploadDir, p)} onRemove={() => void removePhoto.submit()} />
      <View className='card'>
        <Field label='我的承诺' hint={`${pledge.trim().length}/200，会显示在门牌上`} error={savePledge.error?.message}>
          <TextArea value={pledge} onChange={setPledge} maxlength={200} placeholder='例如：带头遵守宿舍管理规定，主动帮助有困难的同学' />
        </Field>
      </View>
      <BottomBar>
        <Btn busy={savePledge.busy} disabled={pledge.trim() === (member.pledge ?? '')} onClick={() => void savePledge.submit()}>保存承诺</Btn>
      </BottomBar>
    </View>
  );
}

export default function MemberProfilePage() {
  const { remote, reload } = useMe();
  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {(me) =>
          me.member ? (
            <Profile me={me} member={me.member} onSaved={reload} />
          ) : (
            <StateView title='仅党员可用' text='绑定学号后，名册中的党员、发展对象和积极分子可以在这里管理自己的公示资料。' action={{ label: '去“我的”', onClick: () => void Taro.redirectTo({ url: routes.me() }) }} />
          )
        }
      </RemoteView>
    </View>
  );
}
