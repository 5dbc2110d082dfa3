/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform being built; Taro replaces it at build time so unused branches are dropped. */
    TARO_ENV?: 'weapp' | 'h5';
    /** h5 only: where the local CloudBase answers; empty means the page's own origin. */
    TARO_APP_API_ORIGIN?: string;
    /** weapp only: the CloudBase environment id; empty means the mini-program's default environment. */
    TARO_APP_CLOUD_ENV?: string;
    /** The subscribe-message template id for review notices (src/services/config.ts). */
    TARO_APP_SUBSCRIBE_TEMPLATE?: string;
  }
}
