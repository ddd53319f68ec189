/**
 * Live events for operators: a broker that numbers every event, keeps the latest in a bounded ring for clients that
 * reconnect with Last-Event-ID, throttles progress per device, and the Server-Sent Events handler that streams it.
 */
package pideploy.deploy.http.helidon.events;
