/**
 * Device profiles: what a device gets at first boot beyond its hostname (Wi-Fi, SSH keys, time zone, a static
 * address, the app's environment file...), set in layers (product, venue, batch, device) and merged when the config
 * is answered (ADR-0061); operator hooks, versioned per product or venue and delivered with the profile (ADR-0094);
 * secrets sealed at rest (ADR-0093).
 */
package pideploy.deploy.core.profile;
