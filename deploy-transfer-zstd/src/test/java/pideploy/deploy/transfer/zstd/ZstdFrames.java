package pideploy.deploy.transfer.zstd;

/** Reads what a test needs from a zstd frame header (RFC 8878 §3.1.1.1). */
final class ZstdFrames {
    private ZstdFrames() {}

    /** The window size the frame asks its decoder for. */
    static long windowSize(byte[] frame, int offset) {
        int magic = (frame[offset] & 0xff)
                | (frame[offset + 1] & 0xff) << 8
                | (frame[offset + 2] & 0xff) << 16
                | (frame[offset + 3] & 0xff) << 24;
        if (magic != 0xFD2FB528) {
            throw new IllegalArgumentException("no zstd frame at " + offset);
        }
        int fhd = frame[offset + 4] & 0xff;
        boolean singleSegment = (fhd & 0x20) != 0;
        int fcsFlag = fhd >>> 6;
        int dictIdFlag = fhd & 3;
        if (!singleSegment) {
            int wd = frame[offset + 5] & 0xff;
            long base = 1L << (10 + (wd >>> 3));
            return base + base / 8 * (wd & 7);
        }
        // Single segment: the window is the content size.
        int at = offset + 5 + (dictIdFlag == 0 ? 0 : 1 << (dictIdFlag - 1));
        int fcsBytes = fcsFlag == 0 ? 1 : 1 << fcsFlag;
        long size = 0;
        for (int i = 0; i < fcsBytes; i++) {
            size |= (long) (frame[at + i] & 0xff) << (8 * i);
        }
        return fcsBytes == 2 ? size + 256 : size;
    }
}
