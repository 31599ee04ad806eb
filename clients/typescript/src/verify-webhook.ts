import { Webhook, WebhookVerificationError } from "standardwebhooks";

export { WebhookVerificationError };

/** Request headers as node's `IncomingHttpHeaders`, a fetch `Headers`, or a plain object. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** What a verified delivery carries. */
export interface VerifiedWebhook {
  /** `webhook-id`: the same on every retry of one occurrence; deduplicate on it. */
  id: string;
  /** `webhook-timestamp`: when this attempt was sent. */
  timestamp: Date;
  /** The webhook's payload parsed as JSON; `undefined` when the webhook has no payload. */
  payload: unknown;
}

/**
 * Verifies a CronHooks delivery (Standard Webhooks v1: HMAC-SHA256 over `{id}.{timestamp}.{body}`) with the
 * webhook's signing secret (`whsec_…`) and returns it; throws {@link WebhookVerificationError} when the
 * signature does not match or the timestamp is more than 5 minutes off. Pass the body exactly as received
 * (a string or the raw bytes): re-serialised JSON no longer matches the signature.
 */
export function verifyWebhook(secret: string, headers: WebhookHeaders, body: string | Uint8Array): VerifiedWebhook {
  const wanted = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;
  const values: Record<string, string> = {};
  for (const name of wanted) {
    const value = headerValue(headers, name);
    if (value !== undefined) values[name] = value;
  }
  const payload: unknown = new Webhook(secret).verify(body as string, values);
  return {
    id: values["webhook-id"]!,
    timestamp: new Date(Number.parseInt(values["webhook-timestamp"]!, 10) * 1000),
    payload,
  };
}

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    // A repeated header is not something CronHooks sends; joining keeps every signature a proxy may have split.
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(" ") : value;
  }
  return undefined;
}
