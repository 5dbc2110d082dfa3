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
  fileID: string;
  url: string;
  cards: number;
  pages: number;
  /** Once downloaded: the local copy (h5: the file's blob URL; weapp: its temp path), opened again from here. */
  local: string | null;
}

const floorsLabel = (f: { from: number; to: number } | null) => (f ? (f.from === f.to ? `${f.from}层` : `${f.from}-${f.to}层`) : '');

/**
 * Downloaded once, the stored file is deleted (volunteer.finishExport serves every export of its
 * creator) rather than left until the nightly sweep; the page keeps the local copy to open again.
 */
const finish = (fileID: string) => call('volunteer', 'finishExport', { fileID });

/** h5: the browser saves the PDF; weapp: WeChat opens it (print or send it from its menu). Answers the local copy. */
async function openPdf(part: Part, name: string): Promise<string | null> {
  try {
    if (process.env.TARO_ENV === 'h5') {
      let href = part.local;
      if (!href) {
        const blob = await fetchFile(part.url);
        if (!blob) throw new Error('download failed');
        href = URL.createObjectURL(blob);
        void finish(part.fileID);
      }
      const link = document.createElement('a');
      link.href = href;
      link.download = `${name}${part.label ? `-${part.label}` : ''}.pdf`;
      link.click();
      return href;
    }
    const filePath = part.local ?? (await downloadToTemp(part.url));
    if (!part.local) void finish(part.fileID);
    await Taro.openDocument({ filePath, fileType: 'pdf', showMenu: true });
    return filePath;
  } catch {
    void Taro.showToast({ title: part.local ? '文件打开失败，请重新生成' : '文件下载失败：链接10分钟内有效，请重新生成', icon: 'none', duration: 3000 });
    return part.local;
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
    dropParts();
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
      if (r.data.url && r.data.fileID) made.push({ label: floorsLabel(r.data.floors), fileID: r.data.fileID, url: r.data.url, cards: r.data.cards, pages: r.data.pages, local: null });
      else setEmptyParts((e) => e + 1);
      setParts([...made]);
      cursor = r.data.nextCursor ?? undefined;
    } while (cursor);
    setProgress(null);
    if (made.length === 0) void Taro.showToast({ title: '这栋楼没有符合条件的寝室', icon: 'none' });
  }

  /** Forgets the parts listed (h5: frees their downloaded copies). */
  function dropParts() {
    if (process.env.TARO_ENV === 'h5') for (const p of parts) if (p.local) URL.revokeObjectURL(p.local);
    setParts([]);
  }

  async function download(i: number) {
    const local = await openPdf(parts[i], `${buildingName}门牌`);
    if (local) setParts((ps) => ps.map((p, j) => (j === i ? { ...p, local } : p)));
  }

  async function reissueAll() {
    const confirmed = await confirmDialog({
      title: `停用${buildingName}全部寝室的二维码？`,
      content: '整栋楼的旧二维码会立即失效，扫描旧码的同学会看到“已停用”。完成后请重新生成并打印全部门牌，贴到门上。',
      confirmText: '全部重发',
      danger: true,
    });
    if (!confirmed) return;
    dropParts();
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
          <Btn small kind='ghost' onClick={() => void download(i)}>{process.env.TARO_ENV === 'h5' ? (part.local ? '再次保存' : '下载') : '打开'}</Btn>
        </View>
      ))}
      {parts.length > 0 ? (
        <View className='muted'>
          下载链接10分钟内有效；下载后云端文件即删除，本页仍可再次{process.env.TARO_ENV === 'h5' ? '保存' : '打开'}，离开本页后请重新生成。{emptyParts > 0 ? `另有 ${emptyParts} 份楼层没有符合条件的寝室。` : ''}
        </View>
      ) : null}
      {canReissue ? (
        <View style={{ marginTop: '12px' }}>
          <Btn kind='plain' busy={progress !== null} onClick={() => void reissueAll()}>整栋停用重发（编号泄露时）</Btn>
        </View>
      ) : null}
    </View>
  );
}
