import { View } from '@tarojs/components';

/** A row of small labels (status, posts, badges). Renders nothing when empty. */
export function Tags({ items, kind }: { items: string[]; kind?: 'status' | 'badge' }) {
  if (items.length === 0) return null;
  return (
    <View className='tags'>
      {items.map((text) => (
        <View key={text} className={kind ? `tag tag--${kind}` : 'tag'}>{text}</View>
      ))}
    </View>
  );
}
