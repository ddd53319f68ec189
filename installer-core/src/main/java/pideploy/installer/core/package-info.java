/**
 * The installer's core: the install workflow a network-booted Pi runs, in plain Java. It drives the deployment
 * server, the target card, the device's identity and the reboot through the interfaces in {@code port}, and edits
 * the card's boot partition with {@code disk-image}. Adapters live in installer-blockdev and installer-cli.
 */
package pideploy.installer.core;
