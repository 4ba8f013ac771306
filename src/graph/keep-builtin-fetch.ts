/**
 * Import before 'undici'. When undici@7 loads and finds no global dispatcher, it installs its own Agent
 * under the symbol Node 20's built-in fetch reads, and that fetch (undici 6 inside) then sends through
 * an Agent whose request rules differ: `fetch(url, { headers: { 'content-length': ... } })` fails with
 * "invalid content-length header". Reading one of fetch's lazy globals makes Node load its bundled
 * undici, which installs its own Agent first; undici@7 then leaves the global dispatcher alone, and every
 * fetch user in the process (the identity provider calls, tests, tools) keeps the fetch it was built for.
 * Consequence for undici@7 users: always pass a dispatcher (undici-handler.ts does).
 */
void globalThis.Response;

export {};
