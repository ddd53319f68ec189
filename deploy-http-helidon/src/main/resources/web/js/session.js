// Who is signed in and what their role lets them do (ADR-0043, ADR-0051). Pages draw no control the role may not
// use; the server refuses such a request anyway, so this is about not offering what would only fail.
const RANK = { viewer: 0, operator: 1, admin: 2 };
let current = { username: '', role: 'viewer' };

export function setSession(session) {
  current = { username: String(session?.username ?? ''), role: RANK[session?.role] === undefined ? 'viewer' : session.role };
  document.body.dataset.role = current.role;
}

/** The signed-in account's name. */
export function me() { return current.username; }

/** The signed-in account's role: admin, operator or viewer. */
export function role() { return current.role; }

/** True if the signed-in role includes {@code needed}. */
export function can(needed) { return RANK[current.role] >= RANK[needed]; }

/** The roles a new token of the signed-in account may have (at most its own), highest first. */
export function grantableRoles() { return Object.keys(RANK).filter((r) => RANK[r] <= RANK[current.role]).reverse(); }

/** {@code el} if the role includes {@code needed}, else null (h() leaves nulls out). */
export function onlyIf(needed, el) { return can(needed) ? el : null; }
