package pideploy.disk.image.partition;

/** How a disk's partitions are described. */
public enum PartitionScheme {
    /** DOS/MBR partition table in sector 0 (four primary entries). */
    MBR,
    /** GUID partition table at LBA 1, announced by a protective MBR entry of type 0xEE. */
    GPT
}
