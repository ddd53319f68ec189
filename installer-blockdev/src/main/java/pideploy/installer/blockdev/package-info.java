/**
 * Linux adapters of the installer core's ports: block devices and regular files as targets (sysfs sizes, mount and
 * root-filesystem checks from {@code /proc/self/mountinfo}, O_DIRECT read-back), the device's identity from procfs
 * and sysfs, and reboot through systemctl. Every path is resolved under an injected system root so tests run on
 * captured trees.
 */
package pideploy.installer.blockdev;
