import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../components/btn';
import { Field } from '../../components/field';
import { SelectPicker } from '../../components/pickers';
import { call } from '../../services/cloud';
import { downloadToTemp, fetchFile } from '../../services/files';
import {
  PLAQUE_CARD_SIZES,
  PLAQUE_PRINT_PART_ROOMS,
  PLAQUE_ROOM_CHOICES,
  plaqueCardSizeLabels,
  plaqueRoomChoiceLabels,
  type PlaqueCardSize,
  type PlaqueRoomChoice,
} from '../../shared/domain/plaque-print';
import { confirmDialog } from '../../utils/confirm';

interface Part {
  label: string;
  url: string;
  cards: number;
  pages: number;
}

const floorsLabel = (f: { from: number; to: number } | null) => (f ? (f.from === f.to ? `${f.from}层` : `${f.from}-${f.to}层`) : '');

/** h5: the browser downloads the PDF; weapp: WeChat opens it (print or send it from its menu). */
async function openPdf(part: Part, name: string) {
  try {
    if (process.env.TARO_ENV === 'h5') {
      const blob = await fetchFile(part.url);
      if (!blob) throw new Error('download failed');
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `${name}-${part.label}.pdf`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } else {
      await Taro.openDocument({ filePath: await downloadToTemp(part.url), fileType: 'pdf', showMenu: true });
    }
  } catch {
    void Taro.showToast({ title: '文件下载失败：链接10分钟内有效，请重新生成', icon: 'none', duration: 3000 });
  }
}

/**
 * A building's door cards as PDF (plaque.printBuilding), part by part for a big building, and the
 * bulk reissue of its codes after a leak (plaque.reissueBuilding, admin only), chunk by chunk.
 */
export function PrintPanel({ buildingId, buildingName, canReissue, onReissued }: { buildingId: string; buildingName: string; canReissue: boolean; onReissued: () => void }) {
  const [choice, setChoice] = useState<PlaqueRoomChoice>('all');
  const [size, setSize] = useState<PlaqueCardSize>('a6');
  const [parts, setParts] = useState<Part[]>([]);
  const [progress, setProgress] = useState<string | null>(null);
  const [emptyParts, setEmptyParts] = useState(0);

  async function generate() {
    setParts([]);
    setEmptyParts(0);
    let cursor: string | undefined;
    let n = 0;
    const made: Part[] = [];
    do {
      n += 1;
      setProgress(`正在生成第 ${n} 份…（每份最多 ${PLAQUE_PRINT_PART_ROOMS} 间，按楼层分份）`);
      const r = await call('plaque', 'printBuilding', { buildingId, rooms: choice, size, ...(cursor ? { cursor } : {}) });
      if (!r.ok) {
        setProgress(null);
        void Taro.showToast({ title: r.error.message, icon: 'none', duration: 3000 });
        return;
      }
      if (r.data.url) made.push({ label: floorsLabel(r.data.floors), url: r.data.url, cards: r.data.cards, pages: r.data.pages });
      else setEmptyParts((e) => e + 1);
      setParts([...made]);
      cursor = r.data.nextCursor ?? undefined;
    } while (cursor);
    setProgress(null);
    if (made.length === 0) void Taro.showToast({ title: '这栋楼没有符合条件的寝室', icon: 'none' });
  }

  async function reissueAll() {
    const confirmed = await confirmDialog({
      title: `停用${buildingName}全部寝室的二维码？`,
      content: '整栋楼的旧二维码会立即失效，扫描旧码的同学会看到“已停用”。完成后请重新生成并打印全部门牌，贴到门上。',
      confirmText: '全部停用重发',
      danger: true,
    });
    if (!confirmed) return;
    setParts([]);
    let cursor: string | undefined;
    let total = 0;
    let retries = 0;
    do {
      setProgress(`正在重发…已完成 ${total} 间`);
      const r = await call('plaque', 'reissueBuilding', { buildingId, ...(cursor ? { cursor } : {}) });
      if (!r.ok) {
        // A chunk lost to someone else's change is asked again with the same cursor: nothing is done twice.
        if (r.error.code === 'CONFLICT' && retries < 3) {
          retries += 1;
          continue;
        }
        setProgress(null);
        void Taro.showToast({ title: `${r.error.message}（已重发 ${total} 间，可再点一次继续）`, icon: 'none', duration: 4000 });
        onReissued();
        return;
      }
      retries = 0;
      total += r.data.reissued;
      cursor = r.data.nextCursor ?? undefined;
    } while (cursor);
    setProgress(null);
    void Taro.showToast({ title: `已重发 ${total} 间寝室的二维码，请重新打印门牌`, icon: 'none', duration: 3000 });
    onReissued();
  }

  return (
    <View className='card'>
      <View className='section-title'>打印门牌（PDF）</View>
      <Field label='打印哪些寝室'>
        <SelectPicker id='print-rooms' options={PLAQUE_ROOM_CHOICES} labels={plaqueRoomChoiceLabels} value={choice} onChange={setChoice} />
      </Field>
      <Field label='门牌大小' hint='用A4纸打印，沿虚线裁开'>
        <SelectPicker id='print-size' options={PLAQUE_CARD_SIZES} labels={plaqueCardSizeLabels} value={size} onChange={setSize} />
      </Field>
      <View className='muted'>每张门牌有楼栋、房间号、“党员亮身份 接受同学监督”、小程序码和可输入的门牌编号。寝室多的楼按楼层分成几份PDF（每份最多 {PLAQUE_PRINT_PART_ROOMS} 间）。</View>
      <Btn busy={progress !== null} onClick={() => void generate()}>生成门牌PDF</Btn>
      {progress ? <View className='muted'>{progress}</View> : null}
      {parts.map((part, i) => (
        <View key={part.url} className='list-item'>
          <View className='list-item__main'>
            第 {i + 1} 份 {part.label} <View className='muted'>{part.cards} 张门牌 · {part.pages} 页A4</View>
          </View>
          <Btn small kind='ghost' onClick={() => void openPdf(part, `${buildingName}门牌`)}>{process.env.TARO_ENV === 'h5' ? '下载' : '打开'}</Btn>
        </View>
      ))}
      {parts.length > 0 ? <View className='muted'>下载链接10分钟内有效，过期请重新生成。{emptyParts > 0 ? `另有 ${emptyParts} 份楼层没有符合条件的寝室。` : ''}</View> : null}
      {canReissue ? (
        <View style={{ marginTop: '12px' }}>
          <Btn kind='plain' busy={progress !== null} onClick={() => void reissueAll()}>整栋停用重发（编号泄露时）</Btn>
        </View>
      ) : null}
    </View>
  );
}
