/**
 * Issue 12's attacks, each scripted as a client on loopback would run it against the real server, with a
 * well-behaved device served beside the attack ({@link pideploy.system.attack.WellBehavedDevice}). Which test proves
 * which attack fails is listed in {@code docs/security.md}.
 */
package pideploy.system.attack;
