import { Switch, View } from '@tarojs/components';
import { useState } from 'react';
import { confirmDialog } from '../../utils/confirm';
import { formatDateTime } from '../../utils/format';

const SHOWN = '公示内容：姓名、照片、政治面貌、所在支部和党小组、岗位、承诺、荣誉和本学期志愿服务时长。学号、手机号、身份证号任何时候都不会公示。';

/**
 * Separate, revocable consent to appear publicly (PIPL art. 25). Both directions are confirmed, and
 * withdrawing says plainly that it removes the member from every plaque and the building wall.
 */
export function ConsentCard({ isPublic, changedAt, busy, onChange }: { isPublic: boolean; changedAt: string | null; busy: boolean; onChange: (value: boolean) => void }) {
  // The native switch flips itself on tap; remounting it after a cancelled dialog puts it back.
  const [resetKey, setResetKey] = useState(0);
  async function toggle(next: boolean) {
    const confirmed = await confirmDialog(
      next
        ? { title: '同意在门牌上公示？', content: `同意后，同学扫描寝室门牌或查看楼栋公示墙时能看到你。${SHOWN}`, confirmText: '同意', danger: true }
        : { title: '撤回公示', content: '撤回后，你会立即从所有寝室门牌和楼栋公示墙上移除，同学将无法再看到你的公示信息，也不能对你发送监督反馈；你的公示照片会被删除。之后可以随时重新同意并重新上传照片。', confirmText: '撤回', danger: true },
    );
    if (confirmed) onChange(next);
    else setResetKey((k) => k + 1);
  }

  return (
    <View className='card'>
      <View style={{ display: 'flex', alignItems: 'center' }}>
        <View style={{ flex: 1 }}>
          <View className='card__title' style={{ marginBottom: 0 }}>在门牌和公示墙上公示我</View>
          <View className='muted'>{isPublic ? '已同意' : '未同意'}{changedAt ? ` · ${formatDateTime(changedAt)}` : ''}</View>
        </View>
        <Switch key={resetKey} checked={isPublic} disabled={busy} color='#c8161d' onChange={(e) => void toggle(e.detail.value)} />
      </View>
      <View className='notice' style={{ marginTop: '16px', marginBottom: 0 }}>
        是否公示完全由你决定。{SHOWN}撤回同意后，你会从所有寝室门牌和楼栋公示墙上移除，公示照片随即删除。
      </View>
    </View>
  );
}
