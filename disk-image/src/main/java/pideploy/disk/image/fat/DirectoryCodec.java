package pideploy.disk.image.fat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Byte-level encoding and decoding of FAT directory slots: 8.3 entries, VFAT long-name entries with their checksum,
 * 8.3 alias generation ({@code NAME~1.EXT}), name validation and FAT timestamps. Pure functions, no I/O.
 */
final class DirectoryCodec {

    static final int SLOT = 32;
    static final int DELETED = 0xE5;
    static final int MAX_LONG_NAME = 255;
    private static final int CHARS_PER_LFN = 13;
    private static final int[] LFN_CHAR_OFFSETS = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
    /** Characters allowed in an 8.3 name besides A-Z and 0-9 (Microsoft FAT specification, section 6.1). */
    private static final String SHORT_SPECIALS = "$%'-_@~`!(){}^#&";
    /** Characters never allowed in a long name, besides controls below 0x20. */
    private static final String LONG_FORBIDDEN = "\"*/:<>?\\|";

    private DirectoryCodec() {}

    /**
     * Parses the visible entries of a directory (skipping deleted slots, "." and ".." are returned like others),
     * stopping at the first slot whose first byte is 0x00. Long names are attached only if their sequence is complete
     * and their checksum matches the following 8.3 slot, as Microsoft's specification asks; otherwise the 8.3 name is
     * used.
     */
    static List<DirEntry> parse(byte[] dir, int slots) {
        List<DirEntry> out = new ArrayList<>();
        StringBuilder[] parts = null;
        int expected = 0;
        int checksum = -1;
        int lfnStart = -1;
        for (int i = 0; i < slots; i++) {
            int o = i * SLOT;
            int first = dir[o] & 0xFF;
            if (first == 0x00) break;
            if (first == DELETED) {
                parts = null;
                continue;
            }
            int attr = dir[o + 11] & 0xFF;
            if ((attr & 0x3F) == DirEntry.ATTR_LONG_NAME) {
                int ord = first & 0x3F;
                if ((first & 0x40) != 0) {
                    if (ord == 0 || ord > 20) {
                        parts = null;
                        continue;
                    }
                    parts = new StringBuilder[ord];
                    expected = ord;
                    checksum = dir[o + 13] & 0xFF;
                    lfnStart = i;
                } else if (parts == null || ord != expected || (dir[o + 13] & 0xFF) != checksum) {
                    parts = null;
                    continue;
                }
                parts[ord - 1] = lfnChars(dir, o);
                expected = ord - 1;
                continue;
            }
            byte[] shortName = new byte[11];
            System.arraycopy(dir, o, shortName, 0, 11);
            if ((shortName[0] & 0xFF) == 0x05) shortName[0] = (byte) 0xE5;
            String longName = null;
            int firstSlot = i;
            if (parts != null && expected == 0 && checksum == checksum(raw(dir, o))) {
                StringBuilder sb = new StringBuilder();
                for (StringBuilder p : parts) sb.append(p);
                longName = sb.toString();
                firstSlot = lfnStart;
            }
            parts = null;
            long cluster = (u16(dir, o + 26) | (long) u16(dir, o + 20) << 16);
            long size = u16(dir, o + 28) | (long) u16(dir, o + 30) << 16;
            out.add(new DirEntry(longName, shortName, dir[o + 12] & 0xFF, attr, cluster, size, firstSlot, i));
        }
        return out;
    }

    /** The raw 11 name bytes as stored (0x05 not translated), which is what the LFN checksum covers. */
    private static byte[] raw(byte[] dir, int o) {
        byte[] n = new byte[11];
        System.arraycopy(dir, o, n, 0, 11);
        return n;
    }

    private static StringBuilder lfnChars(byte[] dir, int o) {
        StringBuilder sb = new StringBuilder(CHARS_PER_LFN);
        for (int off : LFN_CHAR_OFFSETS) {
            char c = (char) u16(dir, o + off);
            if (c == 0x0000 || c == 0xFFFF) break;
            sb.append(c);
        }
        return sb;
    }

    /** The VFAT checksum of an 11-byte 8.3 name, stored in every long-name slot. */
    static int checksum(byte[] shortName) {
        int sum = 0;
        for (int i = 0; i < 11; i++) sum = (((sum & 1) << 7) + (sum >> 1) + (shortName[i] & 0xFF)) & 0xFF;
        return sum;
    }

    /**
     * Checks a name for a file in the root directory.
     *
     * @throws IllegalArgumentException naming the problem when the name cannot be a FAT long name
     */
    static void validateName(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("file name must not be empty");
        if (name.length() > MAX_LONG_NAME)
            throw new IllegalArgumentException("file name must be at most 255 characters, got %d: '%s...'"
                    .formatted(name.length(), name.substring(0, 20)));
        if (name.equals(".") || name.equals(".."))
            throw new IllegalArgumentException("file name must not be '.' or '..'");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F)
                throw new IllegalArgumentException("file name '%s' contains control character 0x%02X"
                        .formatted(name.replaceAll("\\p{Cntrl}", "?"), (int) c));
            if (LONG_FORBIDDEN.indexOf(c) >= 0)
                throw new IllegalArgumentException(("file name '%s' contains '%c', which FAT does not allow "
                                + "(only files in the root directory are supported)")
                        .formatted(name, c));
        }
        if (name.endsWith(".") || name.endsWith(" "))
            throw new IllegalArgumentException("file name '%s' must not end with a dot or a space".formatted(name));
        if (name.isBlank()) throw new IllegalArgumentException("file name must not be blank");
    }

    /** An 8.3 name that represents {@code name} exactly, possibly with NT lower-case flags: no long name needed. */
    record ExactShortName(byte[] name11, int caseFlags) {}

    /**
     * If {@code name} fits 8.3 exactly (base 1-8 and extension 0-3 valid characters, each part in one case),
     * the 11-byte name and the NT case flags that reproduce it, as Windows NT and mtools store such names.
     */
    static Optional<ExactShortName> exactShortName(String name) {
        int dot = name.lastIndexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (base.isEmpty() || base.length() > 8 || ext.length() > 3 || base.indexOf('.') >= 0) return Optional.empty();
        if (!validShortChars(base) || !validShortChars(ext)) return Optional.empty();
        Integer baseCase = caseOf(base);
        Integer extCase = caseOf(ext);
        if (baseCase == null || extCase == null) return Optional.empty();
        int flags = (baseCase == 1 ? 0x08 : 0) | (extCase == 1 ? 0x10 : 0);
        return Optional.of(new ExactShortName(pad(base.toUpperCase(Locale.ROOT), ext.toUpperCase(Locale.ROOT)), flags));
    }

    /** 0 = no lower-case letters, 1 = only lower-case letters, null = mixed. */
    private static Integer caseOf(String s) {
        boolean upper = false;
        boolean lower = false;
        for (char c : s.toCharArray()) {
            if (c >= 'A' && c <= 'Z') upper = true;
            if (c >= 'a' && c <= 'z') lower = true;
        }
        if (upper && lower) return null;
        return lower ? 1 : 0;
    }

    private static boolean validShortChars(String s) {
        for (char c : s.toCharArray()) {
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || SHORT_SPECIALS.indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    /**
     * Generates a unique 8.3 alias for a long name, Windows style: upper case, invalid characters become '_',
     * spaces and extra dots are dropped, then the first up-to-8 base characters if that is lossless and free, else
     * {@code BASENA~1.EXT}, {@code BASEN~10.EXT}, ... until unused.
     *
     * @param existing 11-byte names (as ISO-8859-1 strings) already in the directory
     */
    static byte[] generateAlias(String longName, Set<String> existing) {
        String n = longName.strip();
        while (n.startsWith(".")) n = n.substring(1);
        int dot = n.lastIndexOf('.');
        String rawBase = dot < 0 ? n : n.substring(0, dot);
        String rawExt = dot < 0 ? "" : n.substring(dot + 1);
        StringBuilder lossy = new StringBuilder();
        String base = shortChars(rawBase, lossy);
        String ext = shortChars(rawExt, lossy);
        boolean lossless = lossy.isEmpty()
                && base.length() <= 8
                && ext.length() <= 3
                && !base.isEmpty()
                && !longName.startsWith(".")
                && longName.indexOf('.') == longName.lastIndexOf('.');
        if (base.isEmpty()) base = "_";
        if (ext.length() > 3) ext = ext.substring(0, 3);
        if (lossless) {
            byte[] candidate = pad(base, ext);
            if (!existing.contains(key(candidate))) return candidate;
        }
        for (int i = 1; i < 1_000_000; i++) {
            String tail = "~" + i;
            String b = base.length() > 8 - tail.length() ? base.substring(0, 8 - tail.length()) : base;
            byte[] candidate = pad(b + tail, ext);
            if (!existing.contains(key(candidate))) return candidate;
        }
        throw new IllegalStateException("no free 8.3 alias for '%s'".formatted(longName));
    }

    private static String shortChars(String s, StringBuilder lossy) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == ' ' || c == '.') {
                lossy.append(c);
                continue;
            }
            char u = Character.toUpperCase(c);
            if ((u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || SHORT_SPECIALS.indexOf(u) >= 0) {
                sb.append(u);
            } else {
                sb.append('_');
                lossy.append(c);
            }
        }
        return sb.toString();
    }

    static String key(byte[] name11) {
        return new String(name11, StandardCharsets.ISO_8859_1);
    }

    static Set<String> shortNameKeys(Collection<DirEntry> entries) {
        java.util.HashSet<String> keys = new java.util.HashSet<>();
        for (DirEntry e : entries) keys.add(key(e.shortName()));
        return keys;
    }

    private static byte[] pad(String base, String ext) {
        byte[] n = new byte[11];
        java.util.Arrays.fill(n, (byte) ' ');
        byte[] b = base.getBytes(StandardCharsets.ISO_8859_1);
        byte[] e = ext.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, n, 0, Math.min(8, b.length));
        System.arraycopy(e, 0, n, 8, Math.min(3, e.length));
        return n;
    }

    /** The long-name slots for {@code longName}, in on-disk order (highest sequence number first). */
    static byte[][] longNameSlots(String longName, byte[] alias) {
        int count = (longName.length() + CHARS_PER_LFN - 1) / CHARS_PER_LFN;
        int sum = checksum(alias);
        byte[][] slots = new byte[count][];
        for (int seq = 1; seq <= count; seq++) {
            byte[] s = new byte[SLOT];
            s[0] = (byte) (seq | (seq == count ? 0x40 : 0));
            s[11] = (byte) DirEntry.ATTR_LONG_NAME;
            s[12] = 0;
            s[13] = (byte) sum;
            for (int k = 0; k < CHARS_PER_LFN; k++) {
                int idx = (seq - 1) * CHARS_PER_LFN + k;
                int ch;
                if (idx < longName.length()) ch = longName.charAt(idx);
                else if (idx == longName.length()) ch = 0x0000;
                else ch = 0xFFFF;
                put16(s, LFN_CHAR_OFFSETS[k], ch);
            }
            slots[count - seq] = s;
        }
        return slots;
    }

    /** A fresh 8.3 slot for a file. */
    static byte[] shortSlot(
            byte[] name11, int caseFlags, int attributes, long firstCluster, long size, LocalDateTime time) {
        byte[] s = new byte[SLOT];
        System.arraycopy(name11, 0, s, 0, 11);
        if ((s[0] & 0xFF) == 0xE5) s[0] = 0x05;
        s[11] = (byte) attributes;
        s[12] = (byte) caseFlags;
        s[13] = (byte) ((time.getSecond() % 2) * 100 + time.getNano() / 10_000_000);
        put16(s, 14, fatTime(time));
        put16(s, 16, fatDate(time));
        put16(s, 18, fatDate(time));
        setClusterAndSize(s, 0, firstCluster, size, time);
        return s;
    }

    /** Updates first cluster, size and the write date/time of the 8.3 slot at {@code o}. */
    static void setClusterAndSize(byte[] dir, int o, long firstCluster, long size, LocalDateTime time) {
        put16(dir, o + 20, (int) (firstCluster >>> 16));
        put16(dir, o + 22, fatTime(time));
        put16(dir, o + 24, fatDate(time));
        put16(dir, o + 26, (int) (firstCluster & 0xFFFF));
        put16(dir, o + 28, (int) (size & 0xFFFF));
        put16(dir, o + 30, (int) (size >>> 16));
        put16(dir, o + 18, fatDate(time));
    }

    static int fatTime(LocalDateTime t) {
        return t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2;
    }

    /** FAT dates count years from 1980 up to 2107; times outside are clamped. */
    static int fatDate(LocalDateTime t) {
        int year = Math.clamp(t.getYear(), 1980, 2107);
        return (year - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >> 8);
    }
}
