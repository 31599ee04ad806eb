// The dashboard's only way to the server: the documented REST API with a bearer token, like any other client.
const tokenKey = 'cronhooks.token';
const roleKey = 'cronhooks.role';

export const session = {
  get token() { return sessionStorage.getItem(tokenKey); },
  set token(value) {
    value ? sessionStorage.setItem(tokenKey, value) : sessionStorage.removeItem(tokenKey);
    sessionStorage.removeItem(roleKey); // a new (or no) sign-in: the role is read again
  },
  /** 'user' or 'admin' once read from /auth/me; only decides whether the Admin link shows (the API enforces the rest). */
  get role() { return sessionStorage.getItem(roleKey); },
  set role(value) { sessionStorage.setItem(roleKey, value); },
};

/** An RFC 9457 problem response (or a network failure) from the API. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem || {};
  }

  /** Field name → messages, from a validation problem. */
  get fieldErrors() { return this.problem.errors || {}; }
}

export async function api(method, path, body, contentType = 'application/json') {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = contentType;
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { title: 'The server could not be reached.', detail: String(e) });
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (response.status === 401 && !path.startsWith('/auth/')) {
    // Expired or revoked token: back to the login page, then return here.
    session.token = null;
    location.hash = `#/login?next=${encodeURIComponent(location.hash.slice(1))}`;
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
