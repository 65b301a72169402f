// CloudDiagnoze's public API on this origin, called with the signed-in user's token.
//
// The access token lives only in this module's memory. The refresh token is kept in sessionStorage,
// so a reload in the same tab signs in again without a prompt and closing the tab ends the session.
// Neither ever goes into a URL. An expired access token is refreshed once, quietly, and the call retried.

const REFRESH_TOKEN_KEY = 'clouddiagnoze.refreshToken';

let accessToken = null;
let refreshing = null;

/** A refused call, with the problem body the API answered (title, detail, field). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `The server answered ${status}`);
    this.status = status;
    this.field = problem.field;
  }
}

/** No session any more (never signed in, signed out, or the refresh token expired). */
export class SignedOut extends Error {
  constructor() {
    super('Please sign in');
  }
}

export function hasSession() {
  return accessToken !== null || sessionStorage.getItem(REFRESH_TOKEN_KEY) !== null;
}

export async function signIn(email, password) {
  keep(await json(await send('POST', '/auth/login', { email, password })));
}

export async function signUp(email, password, companyName) {
  await json(await send('POST', '/auth/register', { email, password, companyName }));
  await signIn(email, password);
}

/** Asks for a password-reset mail; the answer is the same whether an account has the email or not. */
export async function requestPasswordReset(email) {
  await json(await send('POST', '/auth/password-reset', { email }));
}

/** Sets a new password with the token of a reset mail's link. */
export async function resetPassword(token, newPassword) {
  await json(await send('POST', '/auth/password-reset/complete', { token, newPassword }));
}

/** Sets a new password once the current one is confirmed: every other session ends, this one goes on with new tokens. */
export async function changePassword(currentPassword, newPassword) {
  keep(await api.put('/auth/me/password', { currentPassword, newPassword }));
}

export async function signOut() {
  const refreshToken = sessionStorage.getItem(REFRESH_TOKEN_KEY);
  forget();
  if (refreshToken) await send('POST', '/auth/logout', { refreshToken }).catch(() => {});
}

export const api = {
  get: (path) => authorised('GET', path).then(json),
  post: (path, body) => authorised('POST', path, body).then(json),
  put: (path, body) => authorised('PUT', path, body).then(json),
  delete: (path) => authorised('DELETE', path).then(json),
  /** The answer in whatever type the server sends (CSV, JSON), as a Blob for a download. */
  blob: (path) => authorised('GET', path, undefined, '*/*').then((response) => response.blob()),
};

async function authorised(method, path, body, accept) {
  if (accessToken === null) await refresh();
  let response = await send(method, path, body, accessToken, accept);
  if (response.status === 401) {
    await refresh();
    response = await send(method, path, body, accessToken, accept);
  }
  if (response.status === 401) {
    forget();
    throw new SignedOut();
  }
  if (!response.ok) throw await refusal(response);
  return response;
}

// One refresh at a time: the refresh token is rotated, so two concurrent refreshes would spend it twice.
function refresh() {
  refreshing ??= (async () => {
    const refreshToken = sessionStorage.getItem(REFRESH_TOKEN_KEY);
    if (refreshToken === null) throw new SignedOut();
    const response = await send('POST', '/auth/refresh', { refreshToken });
    if (!response.ok) {
      forget();
      throw new SignedOut();
    }
    keep(await response.json());
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function send(method, path, body, token, accept = 'application/json') {
  const headers = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function json(response) {
  if (!response.ok) throw await refusal(response);
  // Some answers have no body (204, and 202 to a password-reset request); a started scan's 202 has one.
  const body = await response.text();
  return body === '' ? null : JSON.parse(body);
}

async function refusal(response) {
  const problem = await response.json().catch(() => ({}));
  return new ApiError(response.status, problem);
}

function keep(tokens) {
  accessToken = tokens.accessToken;
  sessionStorage.setItem(REFRESH_TOKEN_KEY, tokens.refreshToken);
}

function forget() {
  accessToken = null;
  sessionStorage.removeItem(REFRESH_TOKEN_KEY);
}
