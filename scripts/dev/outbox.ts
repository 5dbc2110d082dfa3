import { sendJson, type Route, type WxOpenApi } from 'cloudbase-local';

/**
 * `GET /__dev/outbox?openid=...`: the subscribe messages the local WeChat stand-in accepted, newest
 * first, so the h5 app can show what a member would have received. Local only, like all of /__dev/.
 */
export function outboxRoute(wx: () => WxOpenApi): Route {
  return {
    method: 'GET',
    path: /^\/__dev\/outbox\/?$/,
    async handle(req, res, url) {
      req.resume();
      const openid = url.searchParams.get('openid') ?? undefined;
      sendJson(res, 200, { messages: wx().outbox(openid).map((m) => ({ ...m, at: m.at.toISOString() })) });
    },
  };
}
