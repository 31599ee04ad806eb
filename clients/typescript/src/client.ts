import createClient, { type Client, type ClientOptions, type Middleware } from "openapi-fetch";
import type { paths } from "./generated/cronhooks.js";
import { CronHooksProblemError } from "./problem.js";

/** The typed client: openapi-fetch's `GET`/`POST`/`PUT`/`PATCH`/`DELETE` over CronHooks' paths. */
export type CronHooksClient = Client<paths>;

export interface CronHooksClientOptions extends Omit<ClientOptions, "baseUrl"> {
  /** Where the API runs, e.g. `https://cronhooks.example.com` (no `/api/v1`: the paths carry it). */
  baseUrl: string;
  /** An access token from `POST /api/v1/auth/token` or an API key (`chk_…`); sent as `Authorization: Bearer`. Leave out for register/token calls. */
  token?: string | (() => string | Promise<string>);
}

/** Creates a client that sends the token and throws {@link CronHooksProblemError} for every non-2xx answer. */
export function createCronHooksClient(options: CronHooksClientOptions): CronHooksClient {
  const { token, ...rest } = options;
  const client = createClient<paths>({ ...rest, baseUrl: options.baseUrl.replace(/\/+$/, "") });
  if (token !== undefined) client.use(bearer(token));
  client.use(problemsAsErrors);
  return client;
}

/**
 * Narrows an openapi-fetch result to its data. The client already throws for errors, so this only tells
 * TypeScript what is true at run time: `const webhook = await unwrap(client.GET(...))`.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const result = await call;
  if (result.error !== undefined) throw await CronHooksProblemError.fromResponse(result.response);
  return result.data as T;
}

function bearer(token: NonNullable<CronHooksClientOptions["token"]>): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === "function" ? await token() : token;
      request.headers.set("Authorization", `Bearer ${value}`);
      return request;
    },
  };
}

const problemsAsErrors: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await CronHooksProblemError.fromResponse(response.clone());
    return undefined;
  },
};
