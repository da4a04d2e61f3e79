// Signs the user out after a stretch without activity (等保 2.0 level 3, GB/T 22239-2019 8.1.4.1 b
// 应具有登录失败处理功能，应配置并启用…登录连接超时自动退出等相关措施): 15 minutes by default, the
// common practice for level-3 systems, or `idleMinutes` from /config.json. Activity is any key,
// pointer, wheel or touch on the page; the deadline is checked against the clock, not only by the
// timer, so a laptop that slept past it signs out as soon as the page is seen again. Cognito's own
// token lifetimes (infra) bound a session that stays active.

export const DEFAULT_IDLE_MINUTES = 15;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

export interface IdleWatchOptions {
  /** Minutes without activity before `onIdle`; a missing, non-positive or non-numeric value means the default. */
  idleMinutes?: unknown;
  onIdle: () => void;
  /** Where activity is heard; the document in the dashboard, an EventTarget in tests. */
  target: EventTarget;
  now?: () => number;
}

export interface IdleWatch {
  stop(): void;
}

export const idleMillis = (idleMinutes: unknown): number =>
  (typeof idleMinutes === 'number' && Number.isFinite(idleMinutes) && idleMinutes > 0 ? idleMinutes : DEFAULT_IDLE_MINUTES) * 60_000;

export const watchIdle = (options: IdleWatchOptions): IdleWatch => {
  const now = options.now ?? Date.now;
  const limit = idleMillis(options.idleMinutes);
  let lastActive = now();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const check = (): void => {
    const idle = now() - lastActive;
    if (idle >= limit) {
      lastActive = now();
      options.onIdle();
    }
    schedule();
  };
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(check, Math.max(0, lastActive + limit - now()));
  };
  // Activity only moves the mark; the timer re-arms itself when it fires early.
  const active = (): void => {
    lastActive = now();
  };
  const seen = (): void => {
    if ((options.target as { visibilityState?: string }).visibilityState !== 'hidden') check();
  };

  for (const type of ACTIVITY_EVENTS) options.target.addEventListener(type, active, { passive: true, capture: true });
  options.target.addEventListener('visibilitychange', seen);
  schedule();
  return {
    stop: () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const type of ACTIVITY_EVENTS) options.target.removeEventListener(type, active, { capture: true });
      options.target.removeEventListener('visibilitychange', seen);
    },
  };
};
