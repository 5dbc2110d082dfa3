import type { PropsWithChildren } from 'react';
import './app.scss';

/** Taro's app root: pages render as children. Cloud init happens lazily on the first call (services/transport-weapp.ts). */
export default function App({ children }: PropsWithChildren) {
  return children;
}
