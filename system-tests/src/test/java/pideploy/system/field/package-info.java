/**
 * The field proof: the netboot kit, the installer, the written card and its first boots in QEMU, against the real
 * server on loopback (QEMU user-mode networking only).
 */
package pideploy.system.field;
