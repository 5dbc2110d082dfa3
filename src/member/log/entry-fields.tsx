import { View } from '@tarojs/components';
import { DatePicker, SelectPicker, TimePicker } from '../../components/pickers';
import { Field, TextArea, TextInput } from '../../components/field';
import { categoryLabels, VolunteerCategory } from '../../shared/contract/volunteer';
import { MAX_DAYS_LATE } from '../../shared/domain/volunteer';
import { daysBeforeCst, todayCst } from '../../utils/volunteer';
import { hoursHint, type EntryForm, type FieldName } from './form';
import { PhotoField } from './photo-field';

export interface EntryFieldsProps {
  form: EntryForm;
  uploadDir: string;
  errorField: FieldName | null;
  error: string | null;
  onChange: (patch: Partial<EntryForm>) => void;
}

/** The log form's fields; the page owns the state and the buttons. */
export function EntryFields({ form, uploadDir, errorField, error, onChange }: EntryFieldsProps) {
  const errorFor = (f: FieldName) => (errorField === f ? error : null);
  return (
    <View className='card'>
      <Field label='活动名称' hint='例如：楼道卫生大扫除' error={errorFor('title')}>
        <TextInput value={form.title} onChange={(title) => onChange({ title })} maxlength={50} placeholder='参加了什么志愿服务' />
      </Field>
      <Field label='服务类别' error={errorFor('category')}>
        <SelectPicker id='category' options={VolunteerCategory.options} labels={categoryLabels} value={form.category} onChange={(category) => onChange({ category })} placeholder='选择类别' />
      </Field>
      <Field label='服务日期' hint={`只能登记${MAX_DAYS_LATE}天内、已经结束的服务`}>
        <DatePicker id='date' value={form.date} start={daysBeforeCst(MAX_DAYS_LATE)} end={todayCst()} onChange={(date) => onChange({ date })} />
      </Field>
      <View className='row'>
        <Field label='开始时间'>
          <TimePicker id='start' value={form.start} onChange={(start) => onChange({ start })} />
        </Field>
        <Field label='结束时间'>
          <TimePicker id='end' value={form.end} onChange={(end) => onChange({ end })} />
        </Field>
      </View>
      <View className={errorField === 'time' ? 'error-box' : 'field__hint'} style={{ marginTop: '-12px', marginBottom: '28px' }}>
        {errorField === 'time' && error ? error : hoursHint(form.start, form.end)}
      </View>
      <Field label='服务地点' error={errorFor('place')}>
        <TextInput value={form.place} onChange={(place) => onChange({ place })} maxlength={50} placeholder='例如：智园1号楼3层' />
      </Field>
      <Field label='服务内容（选填）' hint={`${form.description.trim().length}/500`} error={errorFor('description')}>
        <TextArea value={form.description} onChange={(description) => onChange({ description })} maxlength={500} placeholder='做了什么、服务了谁' />
      </Field>
      <PhotoField uploadDir={uploadDir} photos={form.photos} onChange={(photos) => onChange({ photos })} />
      <Field label='证明人（选填）' hint='活动组织者的姓名和联系方式，便于辅导员核实' error={errorFor('witness')}>
        <TextInput value={form.witnessName} onChange={(witnessName) => onChange({ witnessName })} maxlength={20} placeholder='姓名' />
        <View style={{ height: '16px' }} />
        <TextInput value={form.witnessContact} onChange={(witnessContact) => onChange({ witnessContact })} maxlength={30} placeholder='电话或微信号' />
      </Field>
    </View>
  );
}
