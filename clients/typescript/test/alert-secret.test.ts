import assert from "node:assert/strict";
import { test } from "node:test";
import { Webhook } from "standardwebhooks";
import { alertSigningSecret, verifyWebhook, WebhookVerificationError } from "../src/index.js";

// The Standard Webhooks specification's example secret; the derived value is the one the C# tests pin.
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

test("alertSigningSecret_WithSpecificationSecret_ReturnsTheDocumentedDerivation", async () => {
  assert.equal(await alertSigningSecret(secret), "whsec_R+/2ds8th7OIYOM+O0bJnnDGNd18RnRy+IAsQ7J0yps=");
});

test("verifyWebhook_WhenAnAlertIsReplayedAsADelivery_Throws", async () => {
  const alertSecret = await alertSigningSecret(secret);
  const body = '{"type":"occurrence.failed"}';
  const now = new Date();
  const headers = {
    "webhook-id": "msg_0123456789abcdef0123456789abcdef",
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": new Webhook(alertSecret).sign("msg_0123456789abcdef0123456789abcdef", now, body),
  };

  assert.deepEqual(verifyWebhook(alertSecret, headers, body).payload, { type: "occurrence.failed" });
  assert.throws(() => verifyWebhook(secret, headers, body), WebhookVerificationError);
});
