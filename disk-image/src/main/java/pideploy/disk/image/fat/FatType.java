package pideploy.disk.image.fat;

/** FAT variant, decided from the cluster count as Microsoft's specification prescribes. */
public enum FatType {
    /** Fewer than 4085 clusters. Recognised, but {@link FatFileSystem#open} refuses it. */
    FAT12,
    /** 4085 to 65524 clusters; fixed-size root directory region. */
    FAT16,
    /** 65525 clusters or more; root directory is a cluster chain. */
    FAT32
}
