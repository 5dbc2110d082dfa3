import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { RemoteView, StateView } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';
import { formatDateTime } from '../../utils/format';
import { ActivityForm, type Activity } from './activity-form';
import { ExportCard } from './export-card';
import { RotatingCode } from './rotating-code';

const KEY = 'dph.activities';

/** Activities this phone created, so the counselor can show a code again after leaving the page. */
function storedActivities(): Activity[] {
  try {
    const list = Taro.getStorageSync(KEY) as unknown;
    return Array.isArray(list) ? (list as Activity[]).filter((a) => new Date(a.endAt).getTime() > Date.now() - 86_400_000) : [];
  } catch {
    return [];
  }
}

/** 组织活动: create an activity, show its rotating sign-in / sign-out QR, export the term's hours. */
export default function CounselorActivityPage() {
  const { remote, reload } = useMe();
  const [activities, setActivities] = useState<Activity[]>(storedActivities);
  const [current, setCurrent] = useState<Activity | null>(activities[0] ?? null);
  const created = useCallback((a: Activity) => {
    setActivities((list) => {
      const next = [a, ...list].slice(0, 10);
      Taro.setStorageSync(KEY, next);
      return next;
    });
    setCurrent(a);
  }, []);

  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {(me) =>
          me.role !== 'counselor' || !me.counselor || me.counselor.buildings.length === 0 ? (
            <StateView icon='楼' title='仅负责楼栋的辅导员可以组织活动' />
          ) : (
            <View>
              {current ? <RotatingCode key={current.id} activityId={current.id} startAt={current.startAt} endAt={current.endAt} title={`${current.title} · ${formatDateTime(current.startAt)}-${formatDateTime(current.endAt).slice(11)}`} /> : null}
              {activities.length > 1 ? (
                <View className='card card--list'>
                  {activities.map((a) => (
                    <View key={a.id} className='list-item' onClick={() => setCurrent(a)}>
                      <View className='list-item__main'>{a.title}<View className='muted'>{formatDateTime(a.startAt)}</View></View>
                      <View className='list-item__arrow'>{a.id === current?.id ? '显示中' : '›'}</View>
                    </View>
                  ))}
                </View>
              ) : null}
              <ActivityForm buildings={me.counselor.buildings} onCreated={created} />
              <ExportCard />
            </View>
          )
        }
      </RemoteView>
    </View>
  );
}
