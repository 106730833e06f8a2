/** Reads kubevision counters from the gateway's `/metrics` (Prometheus text), summed over their labels. */

/** The counters the fan-out bench reports. */
export const FANOUT_METRICS = ['kubevision_watch_events_delivered_total', 'kubevision_websockets_open'] as const;

/** One scrape: metric name -> value summed over every label set. */
export type Scrape = Record<(typeof FANOUT_METRICS)[number], number>;

/** GETs `/metrics` as the admin and sums each metric of {@link FANOUT_METRICS}. */
export async function scrape(baseUrl: string, adminToken: string): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { Authorization: `Bearer ${adminToken}` } });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const result = {} as Scrape;
  for (const name of FANOUT_METRICS) {
    let sum = 0;
    for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm'))) sum += Number(match[1]);
    result[name] = sum;
  }
  return result;
}
