import Taro from '@tarojs/taro';
import { NetworkError, type Transport } from './client';
import { CLOUD_ENV_ID } from './config';

let initialised = false;

/** wx.cloud.init once, lazily: the first call pays for it, app launch does not. */
function cloud() {
  if (!initialised) {
    // Without an env id wx.cloud uses the mini-program's default environment.
    Taro.cloud.init(CLOUD_ENV_ID ? { env: CLOUD_ENV_ID, traceUser: true } : { traceUser: true });
    initialised = true;
  }
  return Taro.cloud;
}

/** wx.cloud rejects with {errCode, errMsg}; a failed request (no signal, timeout) is the network's fault. */
function rethrow(err: unknown): never {
  const errMsg = String((err as { errMsg?: unknown })?.errMsg ?? err);
  if (/request:fail|timeout|network/i.test(errMsg)) throw new NetworkError(errMsg);
  throw new Error(errMsg);
}

export const weappTransport: Transport = {
  async callFunction(name, data) {
    try {
      const res = await cloud().callFunction({ name, data });
      return res.result;
    } catch (err) {
      return rethrow(err);
    }
  },
  async uploadFile(cloudPath, filePath) {
    try {
      const res = await cloud().uploadFile({ cloudPath, filePath });
      return res.fileID;
    } catch (err) {
      return rethrow(err);
    }
  },
};
