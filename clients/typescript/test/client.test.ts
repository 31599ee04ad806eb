import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CronHooksProblemError, createCronHooksClient, unwrap, verifyWebhook, WebhookVerificationError, type CronHooksClient } from "../src/index.js";
import { baseUrl, newUser, waitForApi } from "./live-api.js";
import { Receiver } from "./receiver.js";

let receiver: Receiver;
// Two users for the whole file: registering hashes a password, which is slow on purpose.
let cronhooks: CronHooksClient;
let stranger: CronHooksClient;

before(async () => {
  await waitForApi();
  receiver = await Receiver.start();
  [cronhooks, stranger] = await Promise.all([newUser(), newUser()]);
});
after(() => receiver.close());

test("createWebhook_WhenTriggered_DeliveryVerifiesWithVerifyWebhook", async () => {
  const webhook = await unwrap(cronhooks.POST("/api/v1/webhooks", {
    body: {
      name: "ts client", url: receiver.url("/hooks/signed"), scheduleType: "recurring",
      cronExpression: "0 0 1 1 *", payload: { hello: "from the TypeScript client", n: 1 },
    },
  }));
  assert.match(webhook.signingSecret ?? "", /^whsec_/);

  await unwrap(cronhooks.POST("/api/v1/webhooks/{id}/trigger", { params: { path: { id: webhook.id } } }));
  const delivery = await receiver.next("/hooks/signed");

  const verified = verifyWebhook(webhook.signingSecret!, delivery.headers, delivery.body);
  assert.deepEqual(verified.payload, { hello: "from the TypeScript client", n: 1 });
  assert.match(verified.id, /^msg_[0-9a-f]{32}$/);
  assert.ok(Math.abs(verified.timestamp.getTime() - Date.now()) < 60_000);

  const tampered = Buffer.from(delivery.body.toString("utf8").replace("1", "2"));
  assert.throws(() => verifyWebhook(webhook.signingSecret!, delivery.headers, tampered), WebhookVerificationError);
  const otherSecret = "whsec_" + Buffer.alloc(32, 7).toString("base64");
  assert.throws(() => verifyWebhook(otherSecret, delivery.headers, delivery.body), WebhookVerificationError);
});

test("rotateSecret_WhenDeliveredWithinTheOverlap_VerifiesWithOldAndNewSecret", async () => {
  const webhook = await unwrap(cronhooks.POST("/api/v1/webhooks", {
    body: { name: "rotated", url: receiver.url("/hooks/rotated"), scheduleType: "recurring", cronExpression: "0 0 1 1 *" },
  }));
  const rotated = await unwrap(cronhooks.POST("/api/v1/webhooks/{id}/rotate-secret", { params: { path: { id: webhook.id } } }));

  await unwrap(cronhooks.POST("/api/v1/webhooks/{id}/trigger", { params: { path: { id: webhook.id } } }));
  const delivery = await receiver.next("/hooks/rotated");

  // No payload: an empty body, still signed.
  assert.equal(verifyWebhook(rotated.signingSecret, delivery.headers, delivery.body).payload, undefined);
  assert.equal(verifyWebhook(webhook.signingSecret!, delivery.headers, delivery.body).payload, undefined);
});

test("createWebhook_WhenCronIsInvalid_ThrowsProblemNamingTheField", async () => {
  const error = await cronhooks.POST("/api/v1/webhooks", {
    body: { name: "bad", url: receiver.url("/never"), scheduleType: "recurring", cronExpression: "not a cron" },
  }).then(() => undefined, (e: unknown) => e);

  assert.ok(error instanceof CronHooksProblemError, `expected a CronHooksProblemError, got ${String(error)}`);
  assert.equal(error.status, 400);
  assert.ok(error.errors["cronExpression"]?.length, `errors: ${JSON.stringify(error.errors)}`);
  assert.ok(error.traceId);
  assert.match(error.message, /cronExpression/);
});

test("getWebhook_WhenItBelongsToAnotherUser_ThrowsNotFoundProblem", async () => {
  const webhook = await unwrap(cronhooks.POST("/api/v1/webhooks", {
    body: { name: "mine", url: receiver.url("/never"), scheduleType: "recurring", cronExpression: "0 0 1 1 *" },
  }));

  await assert.rejects(stranger.GET("/api/v1/webhooks/{id}", { params: { path: { id: webhook.id } } }),
    (e: unknown) => e instanceof CronHooksProblemError && e.status === 404);
});

test("createCronHooksClient_WhenGivenAnApiKey_ActsAsItsOwner", async () => {
  const webhook = await unwrap(stranger.POST("/api/v1/webhooks", {
    body: { name: "listed", url: receiver.url("/never"), scheduleType: "recurring", cronExpression: "0 0 1 1 *" },
  }));
  const key = await unwrap(stranger.POST("/api/v1/api-keys", { body: { name: "ts tests" } }));

  const withKey = createCronHooksClient({ baseUrl, token: () => key.key });
  const page = await unwrap(withKey.GET("/api/v1/webhooks", { params: { query: { page: 1, pageSize: 100 } } }));
  assert.deepEqual(page.items.map((w) => w.id), [webhook.id]);
});

test("request_WhenTokenIsMissing_ThrowsUnauthorizedProblem", async () => {
  const anonymous = createCronHooksClient({ baseUrl });
  await assert.rejects(anonymous.GET("/api/v1/webhooks"), (e: unknown) => e instanceof CronHooksProblemError && e.status === 401);
});
