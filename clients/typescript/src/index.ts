export { createCronHooksClient, unwrap, type CronHooksClient, type CronHooksClientOptions } from "./client.js";
export { CronHooksProblemError, type ProblemDetails } from "./problem.js";
export { verifyWebhook, WebhookVerificationError, type VerifiedWebhook, type WebhookHeaders } from "./verify-webhook.js";
export { alertSigningSecret } from "./alert-secret.js";
export type { paths, operations, components } from "./generated/cronhooks.js";

import type { components } from "./generated/cronhooks.js";
type Schemas = components["schemas"];
// Short names for the documents used most; every other schema is `components["schemas"][name]`.
export type CreateWebhookRequest = Schemas["CreateWebhookRequest"];
export type UpdateWebhookRequest = Schemas["UpdateWebhookRequest"];
export type WebhookMergePatch = Schemas["WebhookMergePatch"];
export type WebhookResponse = Schemas["WebhookResponse"];
export type ExecutionResponse = Schemas["ExecutionResponse"];
export type ExecutionStatus = Schemas["ExecutionStatus"];
export type SigningSecretResponse = Schemas["SigningSecretResponse"];
export type ApiKeyResponse = Schemas["ApiKeyResponse"];
export type CreatedApiKeyResponse = Schemas["CreatedApiKeyResponse"];
export type TokenResponse = Schemas["TokenResponse"];
export type StatsResponse = Schemas["StatsResponse"];
