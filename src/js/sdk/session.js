// The start of the user's session in this tab, which the survey policy's
// `sessionDelayMinutes` counts from.

/**
 * The start of this tab's session for the user: kept in sessionStorage so
 * that reloads and page changes of a multi-page app do not restart it
 * (sessionStorage ends with the tab). `now` when sessionStorage is
 * unavailable (Node, sandboxed frames).
 */
export function sessionStartOf(name, now) {
  try {
    const key = sessionKey(name);
    const kept = Number(sessionStorage.getItem(key));
    if (Number.isInteger(kept) && kept > 0 && kept <= now) return kept;
    sessionStorage.setItem(key, String(now));
  } catch {
    // No sessionStorage here: the session starts with this client.
  }
  return now;
}

const sessionKey = (name) => `clg-metrics-session/${name}`;

/** Removes the kept session start (reset, revoked consent). */
export function forgetSessionStart(name) {
  try {
    sessionStorage.removeItem(sessionKey(name));
  } catch {
    // No sessionStorage here: nothing was kept.
  }
}
