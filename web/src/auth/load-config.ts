// Reads /config.json (written by the stack, or by the local stack); none means the local stack's sign-in.
import type { AppConfig } from './config';

export const loadConfig = async (): Promise<AppConfig> => {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) return { apiBase: '', auth: { kind: 'local' } };
  return (await response.json()) as AppConfig;
};
