/**
 * Operator authentication for the management listener: PBKDF2 password hashes, HTTP Basic for scripts, browser
 * sessions with an HttpOnly SameSite=Strict cookie plus a CSRF token header, and a per user and address slowdown of
 * failed logins. Written here because helidon-security does not resolve at 4.5.0 (FIELD-NOTES §5).
 */
package pideploy.deploy.http.helidon.auth;
