import { Input, Textarea, View } from '@tarojs/components';
import type { ReactNode } from 'react';

export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string | null; children: ReactNode }) {
  return (
    <View className='field'>
      <View className='field__label'>{label}</View>
      {children}
      {error ? <View className='field__error'>{error}</View> : hint ? <View className='field__hint'>{hint}</View> : null}
    </View>
  );
}

export interface TextInputProps {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  type?: 'text' | 'number' | 'idcard';
  maxlength?: number;
}

export function TextInput({ value, onChange, placeholder, type = 'text', maxlength = 40 }: TextInputProps) {
  return (
    <Input
      className='field__input'
      value={value}
      type={type}
      maxlength={maxlength}
      placeholder={placeholder}
      onInput={(e) => onChange(e.detail.value)}
    />
  );
}

export function TextArea({ value, onChange, placeholder, maxlength }: { value: string; onChange: (v: string) => void; placeholder?: string; maxlength: number }) {
  return (
    <Textarea
      className='field__textarea'
      value={value}
      maxlength={maxlength}
      placeholder={placeholder}
      onInput={(e) => onChange(e.detail.value)}
    />
  );
}
