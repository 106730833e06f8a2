/** Word lists the line generators draw from. Plain data; the generators decide how lines look. */

/** Request paths of a typical shop/API backend. */
export const PATHS = [
  '/api/v1/orders',
  '/api/v1/orders/{id}',
  '/api/v1/products',
  '/api/v1/products/{id}',
  '/api/v1/cart',
  '/api/v1/checkout',
  '/api/v1/users/{id}/sessions',
  '/api/v2/search?q=chaussures+%C3%A9t%C3%A9',
  '/healthz',
  '/readyz',
  '/metrics',
  '/static/js/main.{hash}.js',
  '/graphql',
];

/** HTTP methods, GET-heavy as real traffic is. */
export const METHODS = ['GET', 'GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** Status codes, mostly successes. */
export const STATUSES = [200, 200, 200, 200, 200, 200, 200, 200, 201, 204, 301, 304, 304, 400, 401, 403, 404, 404, 409, 429, 500, 502, 503];

/** Client user agents. */
export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'kube-probe/1.33',
  'Prometheus/2.51.2',
  'curl/8.5.0',
  'Go-http-client/1.1',
  'okhttp/4.12.0',
];

/** Ordinary operational messages; `{n}`, `{ms}`, `{id}` and `{host}` are filled in. */
export const MESSAGES: Readonly<Record<'info' | 'debug' | 'warn' | 'error', readonly string[]>> = {
  info: [
    'order {id} created for customer {n}',
    'payment authorised for order {id} in {ms}ms',
    'cache refreshed: {n} keys in {ms}ms',
    'processed batch of {n} messages from queue orders.events',
    'scheduled job inventory-sync finished in {ms}ms',
    'connection pool stats: active={n} idle=4 max=20',
    'user {n} signed in (method=oauth, provider=github)',
    'published event OrderShipped id={id}',
    'reloaded feature flags (revision {n})',
    'GC finished: heap 182MiB -> 96MiB in {ms}ms',
  ],
  debug: [
    'cache lookup key=product:{n} hit=true',
    'SQL: SELECT id, status FROM orders WHERE customer_id = $1 LIMIT 50 [{n}] ({ms}ms)',
    'outgoing request GET http://{host}/v1/stock/{n} -> 200 ({ms}ms)',
    'span {id} finished',
    'token refresh skipped: expires in {n}s',
  ],
  warn: [
    'slow query took {ms}ms: SELECT * FROM order_items WHERE order_id = $1',
    'retrying request to {host} (attempt 2/5) after timeout',
    'rate limit close to quota for tenant {n}: 912/1000 requests',
    'deprecated API version v1beta1 called by client {id}',
    'circuit breaker half-open for {host}',
  ],
  error: [
    'failed to charge card for order {id}: card_declined',
    'upstream {host} returned 503 Service Unavailable',
    'could not acquire lock inventory:{n} within 5000ms',
    'dial tcp 10.96.{n}.12:5432: connect: connection refused',
    'context deadline exceeded while calling {host}',
  ],
};

/** Messages in many scripts: accents, CJK, RTL, emoji (with skin tones and ZWJ sequences). */
export const UNICODE_MESSAGES = [
  'email sent to "Zoë Müller" <zoe@example.de>: « Votre commande est confirmée » ✅',
  '通知を送信しました: ユーザー {n} (東京リージョン) 🚀',
  'slow query on table "commandes" — café crème, crème brûlée: {ms}ms ⚠️',
  'user 👩🏽‍💻 uploaded "résumé_日本語.pdf" (1.2 MB)',
  'locale bundles loaded: Ελληνικά, русский, العربية, עברית, हिन्दी, 한국어',
  '订单 {id} 已发货 📦 — 预计 3 天送达',
  'Größenänderung abgeschlossen: {n} Bilder in {ms}ms 🖼️',
  'deploy finished 🎉🔥 region=São Paulo, status=ok 👍🏾',
  'validation failed for field "naïve_façade": must not contain “smart quotes”',
];

/** Hosts the services talk to. */
export const HOSTS = ['payments.shop.svc:8080', 'inventory.shop.svc:9090', 'redis-master.shop.svc:6379', 'postgres.shop.svc:5432', 'api.stripe.com:443'];
