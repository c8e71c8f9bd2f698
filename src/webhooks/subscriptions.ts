import { randomBytes, randomUUID } from 'node:crypto';
import type { MonitorStore, OutgoingEvent, Subscription, WebhookEventType } from '../store/monitor_types.js';
import { WEBHOOK_EVENTS } from '../store/monitor_types.js';
import type { VersionInfo } from '../store/types.js';
import { newSecret } from './signing.js';

/** Webhook subscriptions: a URL, the event types it wants, and a secret of its own. */

export class SubscriptionError extends Error {
  override name = 'SubscriptionError';
  readonly statusCode = 400;
}

export function isWebhookEvent(s: string): s is WebhookEventType {
  return (WEBHOOK_EVENTS as readonly string[]).includes(s);
}

export async function addSubscription(
  monitor: MonitorStore,
  input: { url: string; events?: string[]; secret?: string; description?: string },
  actor: string,
): Promise<Subscription> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new SubscriptionError(`"${input.url}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SubscriptionError(`webhook URLs must be http or https, not ${url.protocol}`);
  const events = input.events?.length ? input.events : [...WEBHOOK_EVENTS];
  const unknown = events.filter((e) => !isWebhookEvent(e));
  if (unknown.length) throw new SubscriptionError(`unknown event ${unknown.join(', ')}; known: ${WEBHOOK_EVENTS.join(', ')}`);
  if (input.secret !== undefined && input.secret.length < 16) throw new SubscriptionError('a webhook secret must be at least 16 characters');
  const sub: Subscription = {
    id: `wh_${randomBytes(6).toString('hex')}`,
    url: url.toString(),
    events: [...new Set(events)] as WebhookEventType[],
    secret: input.secret ?? newSecret(),
    createdAt: new Date().toISOString(),
    ...(input.description ? { description: input.description } : {}),
  };
  await monitor.addSubscription(sub);
  // The secret never enters the audit trail.
  await monitor.appendAudit([{ actor, action: 'webhook.add', subject: `webhook:${sub.id}`, at: sub.createdAt, payload: { id: sub.id, url: sub.url, events: sub.events } }]);
  return sub;
}

export async function removeSubscription(monitor: MonitorStore, id: string, actor: string): Promise<boolean> {
  const gone = await monitor.removeSubscription(id);
  if (gone) await monitor.appendAudit([{ actor, action: 'webhook.remove', subject: `webhook:${id}`, payload: { id } }]);
  return gone;
}

/** A subscription as shown after creation: the secret is shown once, then only its first characters. */
export function subscriptionView(s: Subscription, showSecret = false) {
  return {
    id: s.id,
    url: s.url,
    events: s.events,
    description: s.description ?? null,
    created_at: s.createdAt,
    secret: showSecret ? s.secret : `${s.secret.slice(0, 10)}…`,
  };
}

/** `list.updated` events for the versions an update created. */
export function listUpdatedEvents(created: VersionInfo[]): OutgoingEvent[] {
  const at = new Date().toISOString();
  return created.map((v) => ({
    id: randomUUID(),
    type: 'list.updated',
    createdAt: at,
    data: {
      source: v.source,
      version: v.id,
      published_at: v.publishedAt ?? null,
      retrieved_at: v.retrievedAt,
      entities: v.entityCount,
      added: v.added,
      removed: v.removed,
      changed: v.changed,
    },
  }));
}
