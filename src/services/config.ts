/**
 * The CloudBase environment the mini-program calls. A school sets its env id here, or at build time
 * with TARO_APP_CLOUD_ENV (config/index.ts passes it through). Empty uses the mini-program's default
 * environment, which is right when the account has exactly one.
 */
export const CLOUD_ENV_ID: string = process.env.TARO_APP_CLOUD_ENV || '';

/**
 * h5 only. `npm start` serves the h5 build from the local CloudBase itself, so the page's own origin
 * is the API; TARO_APP_API_ORIGIN overrides it (e.g. a watch build served elsewhere).
 */
export function apiOrigin(): string {
  return (process.env.TARO_APP_API_ORIGIN || window.location.origin).replace(/\/$/, '');
}

/**
 * The subscribe-message template (订阅消息) for "your volunteer hours were reviewed". A school sets
 * its own template id (mini-program console → 订阅消息) in config/school.json, which the build reads
 * (config/index.ts) and npm run deploy hands the functions, or with TARO_APP_SUBSCRIBE_TEMPLATE.
 */
export const SUBSCRIBE_TEMPLATE_ID: string = process.env.TARO_APP_SUBSCRIBE_TEMPLATE || 'VOLUNTEER_REVIEWED_TEMPLATE_ID';
