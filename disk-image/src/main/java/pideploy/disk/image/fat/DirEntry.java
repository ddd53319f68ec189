package pideploy.disk.image.fat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One visible entry of a directory, as parsed from its 32-byte slots.
 *
 * @param longName     the VFAT long name, or null when there is none (or its checksum did not match)
 * @param shortName    the 11-byte 8.3 name as stored (space padded, first byte 0x05 already turned into 0xE5)
 * @param caseFlags    byte 12 (Windows NT): 0x08 base lower case, 0x10 extension lower case
 * @param attributes   attribute byte (0x10 directory, 0x08 volume label, ...)
 * @param firstCluster first cluster of the data, 0 for an empty file
 * @param size         file size in bytes
 * @param firstSlot    index of the first slot of the entry (its first LFN slot, or the short slot)
 * @param shortSlot    index of the 8.3 slot
 */
record DirEntry(
        String longName,
        byte[] shortName,
        int caseFlags,
        int attributes,
        long firstCluster,
        long size,
        int firstSlot,
        int shortSlot) {

    static final int ATTR_READ_ONLY = 0x01;
    static final int ATTR_HIDDEN = 0x02;
    static final int ATTR_SYSTEM = 0x04;
    static final int ATTR_VOLUME_ID = 0x08;
    static final int ATTR_DIRECTORY = 0x10;
    static final int ATTR_ARCHIVE = 0x20;
    static final int ATTR_LONG_NAME = 0x0F;

    boolean isDirectory() {
        return (attributes & ATTR_DIRECTORY) != 0;
    }

    boolean isVolumeLabel() {
        return (attributes & ATTR_VOLUME_ID) != 0;
    }

    /** The 8.3 name for display, honouring the NT lower-case flags, e.g. {@code cmdline.txt} or {@code README.TXT}. */
    String shortDisplayName() {
        String base = new String(shortName, 0, 8, StandardCharsets.ISO_8859_1).stripTrailing();
        String ext = new String(shortName, 8, 3, StandardCharsets.ISO_8859_1).stripTrailing();
        if ((caseFlags & 0x08) != 0) base = base.toLowerCase(Locale.ROOT);
        if ((caseFlags & 0x10) != 0) ext = ext.toLowerCase(Locale.ROOT);
        return ext.isEmpty() ? base : base + "." + ext;
    }

    String displayName() {
        return longName != null ? longName : shortDisplayName();
    }

    boolean matches(String name) {
        return (longName != null && longName.equalsIgnoreCase(name))
                || shortDisplayName().equalsIgnoreCase(name);
    }

    int slotCount() {
        return shortSlot - firstSlot + 1;
    }
}
