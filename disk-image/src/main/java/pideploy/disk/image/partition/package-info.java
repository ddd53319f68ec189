/**
 * Partition tables of whole-disk images: MBR (four primary entries) and GPT (when the MBR is protective), always
 * with 512-byte logical sectors, plus {@link pideploy.disk.image.partition.MbrEditor} to grow a Raspberry Pi image's
 * root partition to the size of the card it is written to.
 *
 * <p>Extended/logical MBR partitions are deliberately not followed: Raspberry Pi OS images use two primary
 * partitions, and an extended container entry (type 0x05/0x0F/0x85) is reported as-is so callers treat it as
 * "unknown" (never as free space).
 */
package pideploy.disk.image.partition;
