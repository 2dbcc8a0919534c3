// Share settings from the environment, checked once so a typo fails loudly at start.

function whole(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number of 0 or more (got "${raw}")`);
  return value;
}

interface ShareConfig {
  /** Seconds a form must be open before it can be sent (bots are faster). */
  minSeconds: number;
  /** Shares per client in 10 minutes; 0 means no limit. */
  limit10Min: number;
  /** Shares per client in a day; 0 means no limit. */
  limitDay: number;
  /** Receipt look-ups per client in 10 minutes; 0 means no limit. */
  statusLimit10Min: number;
}

export function readShareConfig(): ShareConfig {
  return {
    minSeconds: whole('SHARE_MIN_SECONDS', 3),
    limit10Min: whole('SHARE_LIMIT_10MIN', 5),
    limitDay: whole('SHARE_LIMIT_DAY', 20),
    statusLimit10Min: whole('STATUS_LIMIT_10MIN', 10),
  };
}
