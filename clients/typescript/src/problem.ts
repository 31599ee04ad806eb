/** The RFC 9457 problem document CronHooks answers errors with (400 carries `errors`, keyed by field). */
export interface ProblemDetails {
  type?: string | null;
  title?: string | null;
  status?: number | null;
  detail?: string | null;
  instance?: string | null;
  /** Identifies the request in the server's logs and traces; quote it when reporting a problem. */
  traceId?: string;
  /** Validation errors of a 400: field name (e.g. `cronExpression`, `headers.Cookie`) → messages. */
  errors?: Record<string, string[]>;
}

/** Thrown by the client for every answer that is not 2xx, so a failed call can never pass unnoticed. */
export class CronHooksProblemError extends Error {
  override readonly name = "CronHooksProblemError";
  readonly status: number;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly traceId: string | undefined;
  readonly errors: Record<string, string[]>;
  /** `Retry-After` of a 429 (seconds), when the server sent one. */
  readonly retryAfterSeconds: number | undefined;
  readonly problem: ProblemDetails;

  constructor(status: number, problem: ProblemDetails, retryAfterSeconds?: number) {
    super(CronHooksProblemError.describe(status, problem));
    this.status = status;
    this.problem = problem;
    this.title = problem.title ?? undefined;
    this.detail = problem.detail ?? undefined;
    this.traceId = problem.traceId;
    this.errors = problem.errors ?? {};
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Reads a failed response: its problem document when it has one, else a problem made from the status line. */
  static async fromResponse(response: Response): Promise<CronHooksProblemError> {
    let problem: ProblemDetails = { status: response.status, title: response.statusText || undefined };
    const text = await response.text();
    if (text) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === "object") problem = parsed as ProblemDetails;
      } catch {
        problem.detail = text.slice(0, 500); // not JSON (a proxy's error page): keep the start for the message
      }
    }
    const retryAfter = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
    return new CronHooksProblemError(response.status, problem, Number.isNaN(retryAfter) ? undefined : retryAfter);
  }

  private static describe(status: number, problem: ProblemDetails): string {
    const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
    return [`${status} ${problem.title ?? "request failed"}`, problem.detail, ...fields].filter(Boolean).join("; ");
  }
}
