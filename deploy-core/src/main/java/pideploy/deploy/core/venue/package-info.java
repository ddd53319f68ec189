/** Venues: where devices are deployed, identified by a four-character code. */
package pideploy.deploy.core.venue;
