import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { create } from 'qrcode/lib/core/qrcode';
import { useMemo } from 'react';
import { qrRuns } from '../../utils/volunteer';

const SIDE = 520; // design px

/** A QR drawn with Views (runs of equal modules per row): no canvas, no image, no server round trip. */
export function QrMatrix({ text }: { text: string }) {
  const rows = useMemo(() => {
    const { size, data } = create(text, { errorCorrectionLevel: 'M' }).modules;
    return Array.from({ length: size }, (_, r) => qrRuns(Array.from(data.subarray(r * size, (r + 1) * size), Boolean)));
  }, [text]);
  // Whole design px per module: fractional rows leave hairline seams that can confuse a scanner.
  const cell = Math.floor(SIDE / rows.length);
  return (
    <View className='qr-grid' ariaLabel='签到二维码'>
      {rows.map((runs, r) => (
        <View key={r} className='qr-row' style={{ height: Taro.pxTransform(cell) }}>
          {runs.map((run, i) => (
            <View key={i} className={run.dark ? 'qr-run--dark' : ''} style={{ width: Taro.pxTransform(cell * run.length) }} />
          ))}
        </View>
      ))}
    </View>
  );
}
