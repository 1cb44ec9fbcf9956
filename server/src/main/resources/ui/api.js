// The API from the browser: JSON over fetch with the session cookie (HttpOnly, sent by the browser)
// and, on every state-changing request, the session's CSRF token in X-CSRF-Token; live streams over
// EventSource, which sends the cookie for same-origin URLs and resumes with Last-Event-ID by itself.

let csrfToken = null;
let onSignedOut = () => {};

export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** Called once when a request finds the session gone (401): the app shows the sign-in page. */
export function whenSignedOut(handler) {
  onSignedOut = handler;
}

/** An API error: status, the problem's detail as message, and the field it names, if any. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.field = problem.field || null;
  }
}

const SAFE = new Set(['GET', 'HEAD']);

export async function request(method, path, body, {quietOn401 = false} = {}) {
  const headers = {Accept: 'application/json'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (!SAFE.has(method) && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, {detail: 'Sluice cannot be reached; check that the server is running, then try again'});
  }
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => ({})) : {detail: await response.text()};
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && !quietOn401) {
      onSignedOut(error);
    }
    throw error;
  }
  return data;
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body = {}, options) => request('POST', path, body, options);
export const put = (path, body, options) => request('PUT', path, body, options);
export const patch = (path, body, options) => request('PATCH', path, body, options);
export const del = (path, options) => request('DELETE', path, undefined, options);

/** A query string from an object, without empty values: query({a: 1, b: ''}) → '?a=1'. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') {
      search.set(k, v);
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Follows a server-sent event stream. handlers: {name: fn(data, event)} per event name (data is the
 * parsed JSON), plus optional onState('live'|'reconnecting'|'closed'). After a dropped connection the
 * browser reconnects by itself and sends Last-Event-ID, so the server resumes where it left off. A
 * stream that ends with an `end` event is closed here, or the browser would reconnect to a finished
 * stream forever. Returns {close()}.
 */
export function stream(path, handlers, onState = () => {}) {
  const source = new EventSource(path);
  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      source.close();
      onState('closed');
    }
  };
  source.addEventListener('open', () => onState('live'));
  source.addEventListener('error', () => {
    if (closed) {
      return;
    }
    // CONNECTING: the browser retries by itself; CLOSED: the server refused (e.g. signed out, 404)
    if (source.readyState === EventSource.CLOSED) {
      close();
      if (handlers.refused) {
        handlers.refused();
      }
    } else {
      onState('reconnecting');
    }
  });
  for (const [name, handler] of Object.entries(handlers)) {
    if (name === 'refused') {
      continue;
    }
    source.addEventListener(name, (event) => {
      let data = null;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        data = event.data;
      }
      handler(data, event);
    });
  }
  source.addEventListener('end', close);
  return {close};
}
