import { View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { RemoteView, StateView } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';
import { usePaged } from '../../hooks/use-paged';
import { call } from '../../services/cloud';
import { codeWindow } from '../../shared/domain/activity';
import type { ActivitySummary } from '../../shared/contract/volunteer';
import { ActivityForm, type Activity } from './activity-form';
import { ActivityList, activityTime } from './activity-list';
import { Attendees } from './attendees';
import { ExportCard } from './export-card';
import { RotatingCode } from './rotating-code';

/** Codes are issued until the sign-out window closes (the server's rule); after that only the list remains. */
const stillRunning = (a: Activity, now = Date.now()) => now < codeWindow({ startAt: new Date(a.startAt), endAt: new Date(a.endAt) }, 'out').closes.getTime();

function Selected({ activity }: { activity: Activity }) {
  return (
    <View>
      {stillRunning(activity) ? (
        <RotatingCode key={activity.id} activityId={activity.id} startAt={activity.startAt} endAt={activity.endAt} title={`${activity.title} · ${activityTime(activity)}`} />
      ) : (
        <View className='card'>
          <View className='card__title'>{activity.title}</View>
          <View className='muted'>{activityTime(activity)} · 活动已结束，签到码和签退码已关闭</View>
        </View>
      )}
      <Attendees key={activity.id} activityId={activity.id} />
    </View>
  );
}

/** 组织活动: the counselor's activities from the server, each with its rotating QR and who attended; new activity; export. */
export default function CounselorActivityPage() {
  const { remote, reload } = useMe();
  const [current, setCurrent] = useState<Activity | null>(null);
  const list = usePaged<ActivitySummary>(
    async (cursor) => {
      const r = await call('volunteer', 'listActivities', cursor ? { cursor } : {});
      return r.ok ? { ok: true as const, data: r.data } : r;
    },
    [],
  );
  const created = useCallback((a: Activity) => {
    setCurrent(a);
    list.reload();
  }, [list.reload]);

  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {(me) =>
          me.role !== 'counselor' || !me.counselor || me.counselor.buildings.length === 0 ? (
            <StateView icon='楼' title='仅负责楼栋的辅导员可以组织活动' />
          ) : (
            <View>
              {current ? <Selected activity={current} /> : null}
              <ActivityList list={list} selectedId={current?.id ?? null} onSelect={setCurrent} />
              <ActivityForm buildings={me.counselor.buildings} onCreated={created} />
              <ExportCard />
            </View>
          )
        }
      </RemoteView>
    </View>
  );
}
