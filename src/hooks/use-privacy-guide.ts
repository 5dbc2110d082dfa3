import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';

type Resolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;

export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree';

/**
 * WeChat's privacy rules (app.config `__usePrivacyCheck__`): before the first privacy API (here
 * chooseAvatar) the user sees our guide and agrees with an `agreePrivacyAuthorization` button.
 * getPrivacySetting tells whether that is still needed; WeChat's own onNeedPrivacyAuthorization is
 * answered too, in case a privacy component fires first. On h5 there is no such rule.
 */
export function usePrivacyGuide() {
  const [open, setOpen] = useState(false);
  const [agreed, setAgreed] = useState(process.env.TARO_ENV !== 'weapp');
  const pending = useRef<Resolve | null>(null);

  const setup = useCallback(() => {
    if (process.env.TARO_ENV !== 'weapp') return;
    // Older base libraries lack these APIs; there the avatar picker works without a guide.
    if (typeof Taro.onNeedPrivacyAuthorization !== 'function' || typeof Taro.getPrivacySetting !== 'function') return void setAgreed(true);
    // The listener is global: register on every show so this page's popup is the one that answers.
    Taro.onNeedPrivacyAuthorization((resolve) => {
      pending.current = resolve;
      resolve({ event: 'exposureAuthorization' });
      setOpen(true);
    });
    // Not agreed yet: the photo button opens the guide first instead of the picker (no popup on arrival).
    Taro.getPrivacySetting({ success: (res) => setAgreed(!res.needAuthorization) });
  }, []);
  // On mount (the picker appears after the page has shown) and on every later show.
  useEffect(setup, [setup]);
  useDidShow(setup);

  const agree = useCallback(() => {
    pending.current?.({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID });
    pending.current = null;
    setAgreed(true);
    setOpen(false);
  }, []);

  const decline = useCallback(() => {
    pending.current?.({ event: 'disagree' });
    pending.current = null;
    setOpen(false);
  }, []);

  return { open, agreed, agree, decline, show: () => setOpen(true) };
}
