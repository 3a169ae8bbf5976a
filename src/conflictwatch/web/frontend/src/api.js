// Thin client for the conflictwatch REST API (same origin).  Errors come back in one shape:
// {"error": {"status", "code", "message", "details"}} -> thrown as ApiError.

const KEY_STORAGE = "cw-api-key";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function apiKey() {
  return window.localStorage.getItem(KEY_STORAGE) || "";
}

export function setApiKey(value) {
  if (value) window.localStorage.setItem(KEY_STORAGE, value.trim());
  else window.localStorage.removeItem(KEY_STORAGE);
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "" && v !== false) q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

export async function api(path, { method = "GET", body, params } = {}) {
  const headers = { Accept: "application/json" };
  const key = apiKey();
  if (key) headers["X-API-Key"] = key;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(`api/${path}${query(params)}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code || "error", err.message || `HTTP ${res.status}`);
  }
  return data;
}
