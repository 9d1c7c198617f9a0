import { invoke, isRecord } from './callbacks.js';
import type { BrowserData, Configuration } from './config.js';

export type { BrowserData };


const clip = (value: unknown) => (typeof value === 'string' ? value.slice(0, 512) : '');

/** The widget's own description of this browser, for shops that do not define `iziGetBrowserData`. */
export function defaultBrowserData(): BrowserData {
  const nav = globalThis.navigator as (Navigator & { userAgentData?: { platform?: string; brands?: { brand: string; version: string }[] } }) | undefined;
  const brands = nav?.userAgentData?.brands?.map((b) => `${b.brand} ${b.version}`).join(', ');
  return {
    user_agent: clip(nav?.userAgent),
    description: clip(brands || nav?.userAgent?.split(' ').pop()),
    platform: clip(nav?.userAgentData?.platform || nav?.platform),
    architecture: '',
  };
}

/** The shop's `iziGetBrowserData` when it has one and it answers sensibly, else the default; gaps are filled from it. */
export async function browserData(config: Configuration): Promise<BrowserData> {
  const fallback = defaultBrowserData();
  if (!config.callback('iziGetBrowserData')) return fallback;
  try {
    const answer = await invoke(config, 'iziGetBrowserData', [{ base64: false }]);
    if (!isRecord(answer)) return fallback;
    const data = { ...fallback };
    for (const key of Object.keys(data) as (keyof BrowserData)[]) data[key] = clip(answer[key]) || fallback[key];
    return data;
  } catch {
    return fallback;
  }
}
