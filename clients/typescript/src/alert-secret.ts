/** What the alert secret authenticates with the webhook's signing secret (docs/security.md). */
const alertKeyLabel = "cronhooks-alerts-v1";

/**
 * The secret a webhook's alerts are signed with: `whsec_` + base64(HMAC-SHA256(signing secret bytes,
 * "cronhooks-alerts-v1")). Alerts are signed under it, not the delivery secret, so an alert can never be
 * replayed to the webhook's receiver as a delivery. Verify alerts with
 * `verifyWebhook(await alertSigningSecret(signingSecret), headers, body)`.
 */
export async function alertSigningSecret(signingSecret: string): Promise<string> {
  const raw = signingSecret.startsWith("whsec_") ? signingSecret.slice("whsec_".length) : signingSecret;
  const key = await crypto.subtle.importKey("raw", base64ToBytes(raw), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(alertKeyLabel)));
  return "whsec_" + bytesToBase64(mac);
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
