import { Picker, View } from '@tarojs/components';

/** A picker that looks like a text field: the thumb taps it, WeChat's wheel opens from the bottom. */
function PickerBox({ text, placeholder }: { text: string; placeholder: string }) {
  return <View className={text ? 'field__input field__picker' : 'field__input field__picker field__picker--empty'}>{text || placeholder}</View>;
}

export function SelectPicker<K extends string>({ id, options, labels, value, onChange, placeholder = '请选择' }: {
  id?: string;
  options: readonly K[];
  labels: Record<K, string>;
  value: K | null;
  onChange: (value: K) => void;
  placeholder?: string;
}) {
  const index = value ? options.indexOf(value) : -1;
  return (
    <Picker id={id} mode='selector' range={options.map((o) => labels[o])} value={Math.max(0, index)} onChange={(e) => onChange(options[Number(e.detail.value)] ?? options[0])}>
      <PickerBox text={value ? labels[value] : ''} placeholder={placeholder} />
    </Picker>
  );
}

export function DatePicker({ id, value, start, end, onChange }: { id?: string; value: string; start?: string; end?: string; onChange: (v: string) => void }) {
  return (
    <Picker id={id} mode='date' value={value} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
      <PickerBox text={value} placeholder='选择日期' />
    </Picker>
  );
}

export function TimePicker({ id, value, onChange }: { id?: string; value: string; onChange: (v: string) => void }) {
  return (
    <Picker id={id} mode='time' value={value} onChange={(e) => onChange(String(e.detail.value))}>
      <PickerBox text={value} placeholder='选择时间' />
    </Picker>
  );
}
