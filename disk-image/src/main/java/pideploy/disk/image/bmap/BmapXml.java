package pideploy.disk.image.bmap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes and reads bmaptool's {@code .bmap} XML, format version 2.0, checksum type sha256 (the layout of bmaptool's
 * {@code BmapCreate.py}; the reading rules of its {@code BmapCopy._parse_bmap}).
 *
 * <p>{@code BmapFileChecksum} is the SHA-256 of the whole file as written with that element's 64 hex digits replaced
 * by 64 ASCII zeros; {@link #parse} verifies it the same way bmaptool does. The reader is a small purpose-built
 * parser (no JDK XML, which our cores may not use): comments are ignored, values are trimmed, attributes may come in
 * any order.
 */
public final class BmapXml {

    /** The format version we write and the highest major version we read. */
    public static final String VERSION = "2.0";

    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern ROOT = Pattern.compile("<bmap\\s+version\\s*=\\s*[\"']([^\"']+)[\"']\\s*>");
    private static final Pattern RANGE = Pattern.compile("<Range\\b([^>]*)>([^<]*)</Range>");
    private static final Pattern CHKSUM_ATTR = Pattern.compile("\\bchksum\\s*=\\s*[\"']([0-9a-fA-F]+)[\"']");
    private static final Pattern BLOCKS = Pattern.compile("\\s*(\\d+)\\s*(?:-\\s*(\\d+)\\s*)?");

    private BmapXml() {}

    /** The .bmap 2.0 text for the block map, with BmapFileChecksum filled in. */
    public static String write(BlockMap map) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" ?>\n");
        x.append("<!-- This file contains the block map for an image file: the blocks that hold data (partition\n");
        x.append("     table, file-system metadata, files) and must be copied. Written by PiDeploy; the format is\n");
        x.append("     that of bmaptool. Only free blocks of file systems PiDeploy parses are left out. -->\n\n");
        x.append("<bmap version=\"").append(VERSION).append("\">\n");
        x.append("    <!-- Image size in bytes: ")
                .append(human(map.imageSize()))
                .append(" -->\n");
        x.append("    <ImageSize> ").append(map.imageSize()).append(" </ImageSize>\n\n");
        x.append("    <!-- Size of a block in bytes -->\n");
        x.append("    <BlockSize> ").append(map.blockSize()).append(" </BlockSize>\n\n");
        x.append("    <!-- Count of blocks in the image file -->\n");
        x.append("    <BlocksCount> ").append(map.blocksCount()).append(" </BlocksCount>\n\n");
        double percent = map.blocksCount() == 0 ? 0 : map.mappedBlocksCount() * 100.0 / map.blocksCount();
        x.append("    <!-- Count of mapped blocks: ")
                .append(human(map.mappedBlocksCount() * map.blockSize()))
                .append(" or ")
                .append(String.format(Locale.ROOT, "%.1f%%", percent))
                .append(" -->\n");
        x.append("    <MappedBlocksCount> ").append(map.mappedBlocksCount()).append(" </MappedBlocksCount>\n\n");
        x.append("    <!-- Type of checksum used in this file -->\n");
        x.append("    <ChecksumType> sha256 </ChecksumType>\n\n");
        x.append("    <!-- The checksum of this bmap file. When it is calculated, the value of\n");
        x.append("         the checksum has be zero (all ASCII \"0\" symbols).  -->\n");
        x.append("    <BmapFileChecksum> ");
        int checksumAt = x.length();
        x.append("0".repeat(64)).append(" </BmapFileChecksum>\n\n");
        x.append("    <!-- The block map which consists of elements which may either be a\n");
        x.append("         range of blocks or a single block. The 'chksum' attribute\n");
        x.append("         (if present) is the checksum of this blocks range. -->\n");
        x.append("    <BlockMap>\n");
        for (MappedRange r : map.ranges()) {
            x.append("        <Range chksum=\"").append(r.sha256()).append("\"> ");
            x.append(r.firstBlock());
            if (r.lastBlock() != r.firstBlock()) x.append('-').append(r.lastBlock());
            x.append(" </Range>\n");
        }
        x.append("    </BlockMap>\n");
        x.append("</bmap>\n");
        String checksum = sha256Hex(x.toString().getBytes(StandardCharsets.UTF_8));
        x.replace(checksumAt, checksumAt + 64, checksum);
        return x.toString();
    }

    /**
     * Parses and verifies a .bmap file.
     *
     * @throws BmapFormatException when it is not a bmap file, its major version is above 2, its checksum type is not
     *                             sha256, BlocksCount does not equal ceil(ImageSize / BlockSize), MappedBlocksCount
     *                             does not equal the ranges' total, a range lacks its checksum, or BmapFileChecksum
     *                             does not match the file
     */
    public static BlockMap parse(byte[] bmapFile) {
        String text = new String(bmapFile, StandardCharsets.UTF_8);
        String body = COMMENT.matcher(text).replaceAll("");
        Matcher root = ROOT.matcher(body);
        if (!root.find()) throw new BmapFormatException("not a bmap file: no <bmap version=\"...\"> element");
        String version = root.group(1).trim();
        int major;
        try {
            major = Integer.parseInt(version.split("\\.", 2)[0]);
        } catch (NumberFormatException e) {
            throw new BmapFormatException("bmap version must be major.minor: '%s'".formatted(version));
        }
        boolean v14 = version.equals("1.4");
        if (major > 2)
            throw new BmapFormatException(
                    "bmap format version %s is not supported (up to %s)".formatted(version, VERSION));
        if (major < 2 && !v14)
            throw new BmapFormatException(
                    "bmap format version %s has no sha256 checksums; regenerate it with bmaptool 3.1 or later"
                            .formatted(version));
        long imageSize = number(body, "ImageSize");
        long blockSizeLong = number(body, "BlockSize");
        long blocksCount = number(body, "BlocksCount");
        long mappedCount = number(body, "MappedBlocksCount");
        String checksumType = element(body, "ChecksumType").toLowerCase(Locale.ROOT);
        if (!checksumType.equals("sha256"))
            throw new BmapFormatException(
                    "bmap checksum type '%s' is not supported; only sha256".formatted(checksumType));
        if (blockSizeLong < 512 || blockSizeLong > (1 << 24) || Long.bitCount(blockSizeLong) != 1)
            throw new BmapFormatException("bmap BlockSize must be a power of two >= 512: " + blockSizeLong);
        int blockSize = (int) blockSizeLong;
        if (blocksCount != (imageSize + blockSize - 1) / blockSize)
            throw new BmapFormatException(
                    "inconsistent bmap: image size does not match blocks count (%d bytes != %d blocks * %d bytes)"
                            .formatted(imageSize, blocksCount, blockSize));
        verifyFileChecksum(bmapFile, element(body, "BmapFileChecksum"));

        int mapStart = body.indexOf("<BlockMap>");
        int mapEnd = body.indexOf("</BlockMap>");
        if (mapStart < 0 || mapEnd < mapStart) throw new BmapFormatException("bmap file has no <BlockMap> element");
        List<MappedRange> ranges = new ArrayList<>();
        Matcher m = RANGE.matcher(body.substring(mapStart, mapEnd));
        while (m.find()) {
            Matcher cs = CHKSUM_ATTR.matcher(m.group(1));
            if (!cs.find())
                throw new BmapFormatException("bmap range '%s' has no chksum attribute"
                        .formatted(m.group(2).trim()));
            Matcher b = BLOCKS.matcher(m.group(2));
            if (!b.matches())
                throw new BmapFormatException("bmap range must be 'first-last' or 'block': '%s'"
                        .formatted(m.group(2).trim()));
            long first = Long.parseLong(b.group(1));
            long last = b.group(2) == null ? first : Long.parseLong(b.group(2));
            ranges.add(new MappedRange(first, last, cs.group(1).toLowerCase(Locale.ROOT)));
        }
        BlockMap map;
        try {
            map = new BlockMap(imageSize, blockSize, ranges);
        } catch (IllegalArgumentException e) {
            throw new BmapFormatException("inconsistent bmap: " + e.getMessage());
        }
        if (map.mappedBlocksCount() != mappedCount)
            throw new BmapFormatException("inconsistent bmap: MappedBlocksCount %d but the ranges hold %d blocks"
                    .formatted(mappedCount, map.mappedBlocksCount()));
        return map;
    }

    /** As bmaptool: replace the first occurrence of the checksum text by ASCII zeros and hash the whole file. */
    private static void verifyFileChecksum(byte[] file, String stored) {
        if (!stored.matches("[0-9a-fA-F]{64}"))
            throw new BmapFormatException("bmap BmapFileChecksum must be 64 hex digits: '%s'".formatted(stored));
        byte[] needle = stored.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(file, needle);
        byte[] zeroed = file.clone();
        Arrays.fill(zeroed, at, at + needle.length, (byte) '0');
        String actual = sha256Hex(zeroed);
        String expected = stored.toLowerCase(Locale.ROOT);
        if (!actual.equals(expected))
            throw new BmapFormatException(
                    "bmap file checksum mismatch: calculated %s, file says %s (the file was changed or truncated)"
                            .formatted(actual, expected));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new BmapFormatException("bmap BmapFileChecksum text not found in the file");
    }

    private static String element(String body, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(body);
        if (!m.find()) throw new BmapFormatException("bmap file has no <%s> element".formatted(name));
        return m.group(1).trim();
    }

    private static long number(String body, String name) {
        String v = element(body, name);
        try {
            long n = Long.parseLong(v);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new BmapFormatException("bmap <%s> must be a non-negative integer: '%s'".formatted(name, v));
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** Human-readable size as in bmaptool's comments, e.g. "96.0 MiB". */
    static String human(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
