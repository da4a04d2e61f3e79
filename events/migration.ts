import { businessDate } from './primitives';

/**
 * Set on the events of a position that was live before its fund's books opened and is brought in
 * on the fund's openedOn (docs/migration.md). The event is dated on `migratedOn` (= openedOn); its
 * own date fields keep the original contract dates. A cash leg of such an event moved before the
 * books opened: it is inside the opening cash, so it posts to 3101 accumulated surplus instead of
 * 1001 cash. Optional, so every event stored before it still reads unchanged (same version).
 */
export const migratedOn = businessDate.optional();
