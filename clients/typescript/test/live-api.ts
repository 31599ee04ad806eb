import { randomUUID } from "node:crypto";
import { createCronHooksClient, unwrap, type CronHooksClient } from "../src/index.js";

/** The API under test: ./test.sh starts the built API and a scheduler node and sets CRONHOOKS_URL. */
export const baseUrl = process.env["CRONHOOKS_URL"] ?? "";

/** Waits until the API answers /health/ready (it may still be starting when the tests begin). */
export async function waitForApi(timeoutMs = 60_000): Promise<void> {
  if (!baseUrl) throw new Error("CRONHOOKS_URL is not set: run these tests through ./test.sh, which starts the API and a scheduler node.");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${baseUrl}/health/ready did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Registers a fresh user and returns a client that acts as them. */
export async function newUser(): Promise<CronHooksClient> {
  const anonymous = createCronHooksClient({ baseUrl });
  const username = `ts-${randomUUID().slice(0, 12)}`;
  const password = `pw-${randomUUID()}`;
  await unwrap(anonymous.POST("/api/v1/auth/register", { body: { username, email: `${username}@example.com`, password } }));
  const token = await unwrap(anonymous.POST("/api/v1/auth/token", { body: { username, password } }));
  return createCronHooksClient({ baseUrl, token: token.accessToken });
}
