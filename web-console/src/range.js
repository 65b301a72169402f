// The time ranges of the metric charts, as the series API takes them: at most 500 steps a range.

export const RANGES = {
  '24h': { label: '24 hours', seconds: 24 * 3600, stepSeconds: 300 },
  '7d': { label: '7 days', seconds: 7 * 24 * 3600, stepSeconds: 3600 },
  '30d': { label: '30 days', seconds: 30 * 24 * 3600, stepSeconds: 4 * 3600 },
};

/** The from, to and step query parameters of a range ending now, from aligned to the step. */
export function rangeQuery(name, now = Date.now()) {
  const range = RANGES[name] ?? RANGES['24h'];
  const stepMs = range.stepSeconds * 1000;
  const from = Math.floor((now - range.seconds * 1000) / stepMs) * stepMs;
  return { from: new Date(from).toISOString(), to: new Date(now).toISOString(), step: String(range.stepSeconds) };
}
