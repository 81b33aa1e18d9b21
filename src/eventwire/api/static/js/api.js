// Talking to /api/v1: the filter state becomes a query string; error envelopes become thrown Errors.

export const API = "/api/v1";
// `near` and `bbox` have no form field: a shared URL may hold them, and they narrow the view all the same.
export const FILTER_KEYS = ["since", "until", "type", "sub_type", "country", "actor", "text", "fused", "near", "bbox"];

/** URLSearchParams of the filters that are set (empty strings and false are left out). */
export function filterParams(filters, extra = {}) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === null || value === "" || value === false) continue;
    params.set(key, value === true ? "true" : String(value));
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  return params;
}

/** GET a JSON resource; an error envelope throws an Error whose message is the server's. */
export async function getJSON(path, params) {
  const url = params ? `${API}${path}?${params}` : `${API}${path}`;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body && body.error;
    throw new Error(error ? `${error.message}` : `${response.status} ${response.statusText}`);
  }
  return body;
}
