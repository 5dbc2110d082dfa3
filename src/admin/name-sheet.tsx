import { View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import { Btn } from '../components/btn';
import { Field, TextInput } from '../components/field';
import { Sheet } from '../components/sheet';
import { useSubmit } from '../hooks/use-submit';
import type { Result } from '../services/result';

/** One text to type and save (a new name, a room number), with the server's error under the field. */
export function NameSheet<T>({ open, title, label, hint, initial, onClose, save, onDone }: {
  open: boolean;
  title: string;
  label: string;
  hint?: string;
  initial: string;
  onClose: () => void;
  save: (text: string) => Promise<Result<T>>;
  onDone: (data: T) => void;
}) {
  const [text, setText] = useState(initial);
  useEffect(() => setText(initial), [initial, open]);
  const run = useCallback(() => save(text.trim()), [save, text]);
  const { submit, busy, error } = useSubmit(run, onDone, { inline: true });
  return (
    <Sheet open={open} title={title} onClose={onClose}>
      <Field label={label} hint={hint} error={error?.message}>
        <TextInput value={text} onChange={setText} maxlength={30} />
      </Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={!text.trim()} onClick={() => void submit()}>保存</Btn>
      </View>
    </Sheet>
  );
}
