/**
 * The local stand-in for WeChat's msgSecCheck (v2): a short list of words it treats as risky, so
 * that "content rejected" paths can be exercised offline. Production calls the real API. A project
 * passes its own list with `startEmulator({wx: {riskyWords}})`; this one is the default.
 */
export const RISKY_WORDS = ['赌博', '代开发票', '办证', '色情', '违禁品', 'risky-test-word'];

export function checkContent(content: string, riskyWords: readonly string[] = RISKY_WORDS) {
  const hit = riskyWords.find((w) => content.includes(w));
  return {
    errcode: 0,
    errmsg: 'ok',
    result: hit ? { suggest: 'risky', label: 20001 } : { suggest: 'pass', label: 100 },
    detail: hit ? [{ strategy: 'keyword', errcode: 0, suggest: 'risky', label: 20001, keyword: hit }] : [],
    trace_id: `local-${Date.now().toString(36)}`,
  };
}
