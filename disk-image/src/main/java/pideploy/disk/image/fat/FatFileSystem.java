package pideploy.disk.image.fat;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import pideploy.disk.image.ByteRange;

/**
 * Edits a FAT16 or FAT32 volume in place inside a channel (an image file or a block device), at a byte offset,
 * without mounting. Root directory only: list, read, create, replace and delete files, with VFAT long names.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>Names match case-insensitively on the long name or on the 8.3 name ({@code cmdline.txt} finds
 *       {@code CMDLINE.TXT}). New names that fit 8.3 in one case per part are stored as 8.3 only, with the Windows NT
 *       lower-case flags (as mtools and Windows do); all others get long-name entries and a unique
 *       {@code NAME~1.EXT} alias.</li>
 *   <li>Every write updates every FAT copy (only the active one when FAT32 mirroring is off), keeps FAT32's reserved
 *       entry bits, and writes the exact free-cluster count and a next-free hint into the FAT32 FSInfo sector when
 *       it is valid. The result is clean for {@code fsck.fat -n}.</li>
 *   <li>Order of writes, so a power cut leaves at worst lost clusters, never a file pointing at garbage: file data,
 *       then the FAT (new chain), then the directory entry, then the FAT again (old chain freed), then FSInfo.
 *       Only when the new content does not fit beside the old is the old chain reused in place (not crash-safe).</li>
 *   <li>Nothing is forced to stable storage; call {@code FileChannel.force} afterwards if you need durability.</li>
 *   <li>The whole FAT and root directory are held in memory; files are read and written as byte arrays, so this is
 *       meant for small files (config files, scripts, a few MiB at most).</li>
 *   <li>Not thread-safe; one instance per volume, and nothing else may write the volume meanwhile (the FAT and root
 *       directory are read once, at {@link #open}). After an {@link IOException} from the channel, discard the
 *       instance and open the volume again.</li>
 * </ul>
 * Errors: {@link FatFormatException} (an {@link IllegalArgumentException}) when the bytes are not FAT16/32 or are
 * inconsistent; {@link IllegalArgumentException} for an invalid name or when the name is a directory;
 * {@link FatFullException} when there are not enough free clusters or root-directory slots; {@link IOException}
 * when the channel fails.
 */
public final class FatFileSystem {

    private static final System.Logger LOG = System.getLogger(FatFileSystem.class.getName());

    private static final int FSINFO_LEAD = 0x41615252;
    private static final int FSINFO_STRUCT = 0x61417272;
    private static final int FSINFO_TRAIL = 0xAA550000;
    private static final int FAT32_MAX_DIR_SLOTS = 65536;

    private final SeekableByteChannel channel;
    private final long volumeOffset;
    private final BootSector boot;
    private final FatTable fat;
    private final RootDirectory root;
    private final Clock clock;
    private final boolean fsInfoValid;
    private long nextFreeHint;

    private FatFileSystem(
            SeekableByteChannel channel,
            long volumeOffset,
            BootSector boot,
            FatTable fat,
            RootDirectory root,
            Clock clock,
            boolean fsInfoValid,
            long nextFreeHint) {
        this.channel = channel;
        this.volumeOffset = volumeOffset;
        this.boot = boot;
        this.fat = fat;
        this.root = root;
        this.clock = clock;
        this.fsInfoValid = fsInfoValid;
        this.nextFreeHint = nextFreeHint;
    }

    /**
     * Opens the FAT volume that starts at byte {@code volumeOffset} of {@code channel} to read it only. There is no
     * clock to stamp written files with, so writing to it fails (ADR-0102): a library must not read the system clock
     * behind its caller's back.
     *
     * @throws FatFormatException when the volume is not FAT16/FAT32 (FAT12 and exFAT included) or is inconsistent,
     *                            or the channel is shorter than the volume claims to be
     * @throws IOException        when reading fails
     */
    public static FatFileSystem openToRead(SeekableByteChannel channel, long volumeOffset) throws IOException {
        return open(channel, volumeOffset, NoClock.INSTANCE);
    }

    /**
     * Opens the FAT volume that starts at byte {@code volumeOffset} of {@code channel} to read and write it; written
     * files are stamped by {@code clock} in its zone (FAT stores local time).
     *
     * @throws FatFormatException as for {@link #openToRead}
     * @throws IOException        when reading fails
     */
    public static FatFileSystem open(SeekableByteChannel channel, long volumeOffset, Clock clock) throws IOException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(clock, "clock");
        if (volumeOffset < 0) throw new IllegalArgumentException("volumeOffset must be >= 0: " + volumeOffset);
        byte[] first;
        try {
            first = read(channel, volumeOffset, 512);
        } catch (EOFException e) {
            throw new FatFormatException("not a FAT volume: nothing to read at byte offset " + volumeOffset);
        }
        BootSector boot = BootSector.parse(first);
        if (boot.type() == FatType.FAT12)
            throw new FatFormatException("FAT12 volume found (%d clusters); only FAT16 and FAT32 are supported"
                    .formatted(boot.clusterCount()));
        long available = channel.size() - volumeOffset;
        if (available < boot.volumeBytes())
            throw new FatFormatException(
                    "FAT volume at offset %d claims %d bytes but the disk has only %d bytes after it"
                            .formatted(volumeOffset, boot.volumeBytes(), available));
        int fatBytes = FatTable.bytesNeeded(boot.type(), boot.maxCluster(), boot.bytesPerSector());
        long fatStart =
                (boot.reservedSectors() + (long) boot.activeFat() * boot.fatSizeSectors()) * boot.bytesPerSector();
        byte[] fatBytesRead = read(channel, volumeOffset + fatStart, fatBytes);
        FatTable fat = new FatTable(boot.type(), fatBytesRead, boot.maxCluster(), boot.bytesPerSector());

        RootDirectory root;
        if (boot.type() == FatType.FAT16) {
            long off = boot.rootDirFirstSector() * boot.bytesPerSector();
            int len = boot.rootEntryCount() * DirectoryCodec.SLOT;
            root = new RootDirectory(read(channel, volumeOffset + off, len), List.of(off), List.of(), len);
        } else {
            List<Long> chain = fat.chain(boot.rootCluster(), "root directory");
            if ((long) chain.size() * boot.clusterBytes() / DirectoryCodec.SLOT > FAT32_MAX_DIR_SLOTS)
                throw new FatFormatException(
                        "root directory has %d clusters, more than a FAT directory may have".formatted(chain.size()));
            byte[] bytes = new byte[chain.size() * boot.clusterBytes()];
            List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < chain.size(); i++) {
                long off = boot.clusterOffset(chain.get(i));
                offsets.add(off);
                byte[] cluster = read(channel, volumeOffset + off, boot.clusterBytes());
                System.arraycopy(cluster, 0, bytes, i * boot.clusterBytes(), boot.clusterBytes());
            }
            root = new RootDirectory(bytes, offsets, chain, boot.clusterBytes());
        }

        boolean fsInfoValid = false;
        long hint = 2;
        if (boot.type() == FatType.FAT32 && boot.fsInfoSector() >= 1 && boot.fsInfoSector() < boot.reservedSectors()) {
            long fsInfoAt = volumeOffset + (long) boot.fsInfoSector() * boot.bytesPerSector();
            ByteBuffer fi = ByteBuffer.wrap(read(channel, fsInfoAt, 512)).order(ByteOrder.LITTLE_ENDIAN);
            fsInfoValid =
                    fi.getInt(0) == FSINFO_LEAD && fi.getInt(484) == FSINFO_STRUCT && fi.getInt(508) == FSINFO_TRAIL;
            long storedHint = Integer.toUnsignedLong(fi.getInt(492));
            if (fsInfoValid && storedHint >= 2 && storedHint <= boot.maxCluster()) hint = storedHint;
        }
        return new FatFileSystem(channel, volumeOffset, boot, fat, root, clock, fsInfoValid, hint);
    }

    /** FAT16 or FAT32 (FAT12 volumes are refused by {@link #open}). */
    public FatType type() {
        return boot.type();
    }

    /** Bytes per cluster, the allocation unit: a file of n bytes occupies ceil(n / clusterSize) clusters. */
    public int clusterSize() {
        return boot.clusterBytes();
    }

    /**
     * Names of the files and directories in the root directory, in directory order: the long name when there is one,
     * else the 8.3 name (lower-cased where the NT case flags say so). Volume labels and deleted entries are left out.
     */
    public List<String> listRoot() throws IOException {
        List<String> names = new ArrayList<>();
        for (DirEntry e : root.entries()) if (!e.isVolumeLabel()) names.add(e.displayName());
        return names;
    }

    /**
     * The content of the root-directory file with this name (long or 8.3 name, any case), or empty when there is no
     * such file (a directory of that name counts as no file).
     *
     * @throws FatFormatException when the file's cluster chain is broken or shorter than its size
     */
    public Optional<byte[]> readFile(String name) throws IOException {
        Optional<DirEntry> found = find(name);
        if (found.isEmpty() || found.get().isDirectory()) return Optional.empty();
        return Optional.of(content(found.get(), found.get().displayName()));
    }

    /**
     * Names of the files and directories in the directory at {@code path} ({@code ""} or {@code "/"} for the root,
     * {@code "overlays"} or {@code "a/b"} below it; any case), without "." and "..", or empty when no such directory
     * exists. Read-only: boot files such as {@code overlays/*.dtbo} live in subdirectories.
     *
     * @throws FatFormatException when a directory's cluster chain is broken
     */
    public Optional<List<String>> listDirectory(String path) throws IOException {
        Optional<List<DirEntry>> entries = directoryEntries(path);
        if (entries.isEmpty()) return Optional.empty();
        List<String> names = new ArrayList<>();
        for (DirEntry e : entries.get()) {
            String name = e.displayName();
            if (!e.isVolumeLabel() && !name.equals(".") && !name.equals("..")) names.add(name);
        }
        return Optional.of(names);
    }

    /** Whether {@code path} names a directory (the root included). */
    public boolean isDirectory(String path) throws IOException {
        return directoryEntries(path).isPresent();
    }

    /**
     * The content of the file at {@code path} ({@code "overlays/vc4-kms-v3d.dtbo"}; any case), or empty when there
     * is no such file. A name without a slash is looked up in the root, as {@link #readFile} does.
     *
     * @throws FatFormatException when a cluster chain is broken or shorter than the file's size
     */
    public Optional<byte[]> readPath(String path) throws IOException {
        String clean = strip(path);
        int slash = clean.lastIndexOf('/');
        if (slash < 0) return readFile(clean);
        Optional<List<DirEntry>> parent = directoryEntries(clean.substring(0, slash));
        if (parent.isEmpty()) return Optional.empty();
        String name = clean.substring(slash + 1);
        Optional<DirEntry> found = parent.get().stream()
                .filter(e -> !e.isVolumeLabel() && !e.isDirectory() && e.matches(name))
                .findFirst();
        if (found.isEmpty()) return Optional.empty();
        return Optional.of(content(found.get(), clean));
    }

    private Optional<List<DirEntry>> directoryEntries(String path) throws IOException {
        String clean = strip(path);
        List<DirEntry> entries = root.entries();
        if (clean.isEmpty()) return Optional.of(entries);
        for (String part : clean.split("/")) {
            Optional<DirEntry> dir = entries.stream()
                    .filter(e -> e.isDirectory() && !e.isVolumeLabel() && e.matches(part))
                    .findFirst();
            if (dir.isEmpty()) return Optional.empty();
            List<Long> chain = chainOf(dir.get());
            int cb = boot.clusterBytes();
            byte[] bytes = new byte[Math.multiplyExact(chain.size(), cb)];
            for (int i = 0; i < chain.size(); i++)
                System.arraycopy(
                        read(channel, volumeOffset + boot.clusterOffset(chain.get(i)), cb), 0, bytes, i * cb, cb);
            entries = DirectoryCodec.parse(bytes, bytes.length / DirectoryCodec.SLOT);
        }
        return Optional.of(entries);
    }

    private byte[] content(DirEntry e, String path) throws IOException {
        if (e.size() > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException(
                    "file '%s' is %d bytes, too large to read into memory".formatted(path, e.size()));
        int size = (int) e.size();
        byte[] out = new byte[size];
        if (size == 0) return out;
        List<Long> chain = fat.chain(firstCluster(e), "file '" + path + "'");
        int cb = boot.clusterBytes();
        if ((long) chain.size() * cb < size)
            throw new FatFormatException("file '%s' is %d bytes but its cluster chain holds only %d"
                    .formatted(path, size, (long) chain.size() * cb));
        int done = 0;
        for (long c : chain) {
            if (done >= size) break;
            int n = Math.min(cb, size - done);
            System.arraycopy(read(channel, volumeOffset + boot.clusterOffset(c), n), 0, out, done, n);
            done += n;
        }
        return out;
    }

    private static String strip(String path) {
        String p = path == null ? "" : path.replace('\\', '/');
        while (p.startsWith("/")) p = p.substring(1);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }

    /**
     * Creates the file in the root directory, or replaces the content of the existing file with that name (keeping
     * its names and entry). Long-name entries are written when the name does not fit 8.3.
     *
     * @throws IllegalArgumentException when the name is not a valid FAT long name (empty, over 255 characters,
     *                                  one of {@code "*\/:<>?\|} or a control character, trailing dot or space),
     *                                  or names a directory or volume label
     * @throws FatFullException         when the free clusters or, on FAT16, the free root-directory slots do not
     *                                  suffice; nothing has been changed then
     */
    public void writeFile(String name, byte[] content) throws IOException {
        requireWritable();
        DirectoryCodec.validateName(name);
        Objects.requireNonNull(content, "content");
        List<DirEntry> entries = root.entries();
        // The volume label is no file: a file may bear its name (the 8.3 alias then avoids the label's 11 bytes).
        Optional<DirEntry> existing = entries.stream()
                .filter(e -> !e.isVolumeLabel() && e.matches(name))
                .findFirst();
        if (existing.isPresent() && existing.get().isDirectory())
            throw new IllegalArgumentException(
                    "'%s' is a directory in the FAT root; only files can be written".formatted(name));
        int cb = boot.clusterBytes();
        int dataClusters = (int) ((content.length + (long) cb - 1) / cb);
        LocalDateTime now = LocalDateTime.now(clock);

        if (existing.isPresent()) {
            DirEntry e = existing.get();
            List<Long> oldChain = chainOf(e);
            if (fat.findFree(dataClusters, nextFreeHint) == null && fat.freeCount() + oldChain.size() >= dataClusters) {
                replaceInPlace(e, oldChain, dataClusters, content, now);
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "replaced FAT file {0} in place ({1} bytes)",
                        name,
                        Integer.toString(content.length));
                return;
            }
            long[] data = allocate(dataClusters, 0, name);
            writeData(data, content);
            fat.link(data);
            flushFat();
            byte[] dir = root.bytes();
            int o = e.shortSlot() * DirectoryCodec.SLOT;
            DirectoryCodec.setClusterAndSize(dir, o, data.length == 0 ? 0 : data[0], content.length, now);
            dir[o + 11] = (byte) (dir[o + 11] | DirEntry.ATTR_ARCHIVE);
            root.markDirty(e.shortSlot());
            flushRoot();
            fat.free(oldChain);
            flushFat();
            updateFsInfo();
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "replaced FAT file {0} ({1} bytes)",
                    name,
                    Integer.toString(content.length));
            return;
        }

        byte[][] slots;
        var exact = DirectoryCodec.exactShortName(name);
        if (exact.isPresent()) {
            byte[] key = exact.get().name11();
            if (DirectoryCodec.shortNameKeys(entries).contains(DirectoryCodec.key(key))) {
                // Same 8.3 name as another entry under a different long name: give this one an alias instead.
                slots = withLongName(name, entries, now);
            } else {
                int flags = exact.get().caseFlags();
                slots = new byte[][] {DirectoryCodec.shortSlot(key, flags, DirEntry.ATTR_ARCHIVE, 0, 0, now)};
            }
        } else {
            slots = withLongName(name, entries, now);
        }
        int start = root.findFreeRun(slots.length);
        int extraDirClusters = 0;
        if (start < 0) {
            if (boot.type() == FatType.FAT16)
                throw new FatFullException(
                        ("FAT16 root directory is full (%d entries, needs %d free consecutive slots for '%s'); "
                                        + "delete files or use shorter names")
                                .formatted(boot.rootEntryCount(), slots.length, name));
            int missing = slots.length - root.trailingFreeSlots();
            extraDirClusters = (missing + root.slotsPerSegment() - 1) / root.slotsPerSegment();
            if (root.slots() + (long) extraDirClusters * root.slotsPerSegment() > FAT32_MAX_DIR_SLOTS)
                throw new FatFullException("FAT32 root directory cannot grow beyond 65536 entries");
            start = root.slots() - root.trailingFreeSlots();
        }
        long[] all = allocate(dataClusters, extraDirClusters, name);
        long[] data = Arrays.copyOfRange(all, 0, dataClusters);
        long[] dirExt = Arrays.copyOfRange(all, dataClusters, all.length);
        writeData(data, content);
        fat.link(data);
        if (dirExt.length > 0) {
            byte[] zeros = new byte[cb];
            for (long c : dirExt) write(boot.clusterOffset(c), zeros);
            List<Long> rootClusters = root.clusters();
            fat.set(rootClusters.get(rootClusters.size() - 1), dirExt[0]);
            fat.link(dirExt);
            for (long c : dirExt) root.appendSegment(boot.clusterOffset(c), c);
            LOG.log(System.Logger.Level.DEBUG, "extended FAT32 root directory by {0} cluster(s)", dirExt.length);
        }
        flushFat();
        byte[] shortSlot = slots[slots.length - 1];
        long first = data.length == 0 ? 0 : data[0];
        DirectoryCodec.setClusterAndSize(shortSlot, 0, first, content.length, now);
        for (int i = 0; i < slots.length; i++) root.put(start + i, slots[i]);
        flushRoot();
        updateFsInfo();
        LOG.log(System.Logger.Level.DEBUG, "created FAT file {0} ({1} bytes)", name, Integer.toString(content.length));
    }

    /**
     * Fallback when the new content does not fit beside the old: reuse the old chain's clusters (plus free ones), so a
     * nearly full volume can still be rewritten. Not crash-safe: a power cut mid-write leaves mixed content.
     */
    private void replaceInPlace(DirEntry e, List<Long> oldChain, int dataClusters, byte[] content, LocalDateTime now)
            throws IOException {
        int reused = Math.min(oldChain.size(), dataClusters);
        long[] extra = allocate(dataClusters - reused, 0, e.displayName());
        long[] data = new long[dataClusters];
        for (int i = 0; i < reused; i++) data[i] = oldChain.get(i);
        System.arraycopy(extra, 0, data, reused, extra.length);
        writeData(data, content);
        fat.link(data);
        fat.free(oldChain.subList(reused, oldChain.size()));
        flushFat();
        byte[] dir = root.bytes();
        int o = e.shortSlot() * DirectoryCodec.SLOT;
        DirectoryCodec.setClusterAndSize(dir, o, data.length == 0 ? 0 : data[0], content.length, now);
        dir[o + 11] = (byte) (dir[o + 11] | DirEntry.ATTR_ARCHIVE);
        root.markDirty(e.shortSlot());
        flushRoot();
        updateFsInfo();
    }

    private byte[][] withLongName(String name, List<DirEntry> entries, LocalDateTime now) {
        byte[] alias = DirectoryCodec.generateAlias(name, DirectoryCodec.shortNameKeys(entries));
        byte[][] lfn = DirectoryCodec.longNameSlots(name, alias);
        byte[][] slots = Arrays.copyOf(lfn, lfn.length + 1);
        slots[lfn.length] = DirectoryCodec.shortSlot(alias, 0, DirEntry.ATTR_ARCHIVE, 0, 0, now);
        return slots;
    }

    /**
     * Deletes the root-directory file with this name (long or 8.3, any case) and frees its clusters.
     *
     * @return false when there is no such entry
     * @throws IllegalArgumentException when the name is a directory or volume label
     */
    public boolean deleteFile(String name) throws IOException {
        requireWritable();
        Optional<DirEntry> found = find(name);
        if (found.isEmpty()) return false;
        DirEntry e = found.get();
        if (e.isDirectory())
            throw new IllegalArgumentException(
                    "'%s' is a directory in the FAT root; only files can be deleted".formatted(name));
        List<Long> chain = chainOf(e);
        root.markDeleted(e.firstSlot(), e.shortSlot());
        flushRoot();
        fat.free(chain);
        flushFat();
        updateFsInfo();
        LOG.log(System.Logger.Level.DEBUG, "deleted FAT file {0}", name);
        return true;
    }

    /** Free space: the number of free clusters (counted in the FAT, not taken from FSInfo) times the cluster size. */
    public long freeBytes() throws IOException {
        return fat.freeCount() * boot.clusterBytes();
    }

    /** Size of the volume in bytes as its boot sector declares it; the partition holding it may be larger. */
    public long volumeSizeBytes() {
        return boot.volumeBytes();
    }

    /**
     * The parts of the volume that are in use, as sorted, merged byte ranges relative to the volume start: the
     * reserved sectors, every FAT copy, the FAT16 root region, every cluster whose FAT entry is not free (bad clusters
     * included), and the sectors after the last whole cluster. Everything else is free space whose content no reader
     * of this filesystem looks at, which is what a block map may skip.
     */
    public List<ByteRange> usedRanges() {
        List<ByteRange> out = new ArrayList<>();
        long bps = boot.bytesPerSector();
        out.add(ByteRange.between(0, boot.firstDataSector() * bps));
        long c = 2;
        while (c <= boot.maxCluster()) {
            if (fat.get(c) == FatTable.FREE) {
                c++;
                continue;
            }
            long start = c;
            while (c <= boot.maxCluster() && fat.get(c) != FatTable.FREE) c++;
            out.add(ByteRange.between(boot.clusterOffset(start), boot.clusterOffset(c)));
        }
        out.add(ByteRange.between(boot.clusterOffset(boot.maxCluster() + 1), boot.volumeBytes()));
        return ByteRange.coalesce(out);
    }

    private Optional<DirEntry> find(String name) {
        if (name == null || name.isEmpty()) return Optional.empty();
        return root.entries().stream()
                .filter(e -> !e.isVolumeLabel() && e.matches(name))
                .findFirst();
    }

    private List<Long> chainOf(DirEntry e) {
        return firstCluster(e) == 0 ? List.of() : fat.chain(firstCluster(e), "file '" + e.displayName() + "'");
    }

    /** FAT16 has no high cluster word; whatever is stored there (OS/2 used it for EA handles) is ignored. */
    private long firstCluster(DirEntry e) {
        return boot.type() == FatType.FAT32 ? e.firstCluster() : e.firstCluster() & 0xFFFF;
    }

    private long[] allocate(int dataClusters, int dirClusters, String name) throws FatFullException {
        int total = dataClusters + dirClusters;
        long[] found = fat.findFree(total, nextFreeHint);
        if (found == null)
            throw new FatFullException("FAT volume full: '%s' needs %d clusters of %d bytes, only %d free"
                    .formatted(name, total, boot.clusterBytes(), fat.freeCount()));
        if (total > 0) nextFreeHint = found[total - 1] + 1 > boot.maxCluster() ? 2 : found[total - 1] + 1;
        return found;
    }

    /** Writes content into the clusters, zero-filling the tail of the last one (no stale bytes past the end). */
    private void writeData(long[] clusters, byte[] content) throws IOException {
        int cb = boot.clusterBytes();
        int i = 0;
        while (i < clusters.length) {
            int j = i;
            while (j + 1 < clusters.length && clusters[j + 1] == clusters[j] + 1) j++;
            int from = i * cb;
            int to = (j + 1) * cb;
            byte[] run = new byte[to - from];
            System.arraycopy(content, from, run, 0, Math.min(content.length, to) - from);
            write(boot.clusterOffset(clusters[i]), run);
            i = j + 1;
        }
    }

    private void flushFat() throws IOException {
        BitSet dirty = fat.takeDirtySectors();
        int bps = boot.bytesPerSector();
        byte[] data = fat.data();
        for (int s = dirty.nextSetBit(0); s >= 0; ) {
            int e = dirty.nextClearBit(s);
            byte[] run = Arrays.copyOfRange(data, s * bps, e * bps);
            for (int copy = 0; copy < boot.numberOfFats(); copy++) {
                if (boot.mirroringDisabled() && copy != boot.activeFat()) continue;
                write((boot.reservedSectors() + copy * boot.fatSizeSectors() + s) * bps, run);
            }
            s = dirty.nextSetBit(e);
        }
    }

    private void flushRoot() throws IOException {
        for (RootDirectory.Segment seg : root.takeDirtySegments()) write(seg.volumeOffset(), seg.bytes());
    }

    private void updateFsInfo() throws IOException {
        if (!fsInfoValid) return;
        long pos = (long) boot.fsInfoSector() * boot.bytesPerSector();
        byte[] b = new byte[8];
        ByteBuffer.wrap(b)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) fat.freeCount())
                .putInt((int) nextFreeHint);
        write(pos + 488, b);
    }

    private void write(long volumePosition, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        channel.position(volumeOffset + volumePosition);
        while (buf.hasRemaining()) channel.write(buf);
    }

    private static byte[] read(SeekableByteChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        ch.position(position);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0)
                throw new EOFException("FAT volume: disk ends before byte %d (wanted %d bytes at %d)"
                        .formatted(position + buf.position(), length, position));
        }
        return buf.array();
    }

    /** For tests and block maps: the parsed layout. */
    BootSector bootSector() {
        return boot;
    }

    FatTable fatTable() {
        return fat;
    }

    /** Refuses a change to a volume {@link #openToRead opened to read}, before anything is written. */
    private void requireWritable() {
        if (clock == NoClock.INSTANCE) {
            throw new IllegalStateException(
                    "this FAT volume was opened to read only (openToRead); open it with a Clock to change files");
        }
    }

    /** The clock of a volume opened to read: asking it the time means a write was attempted. */
    private static final class NoClock extends Clock {
        static final NoClock INSTANCE = new NoClock();

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            throw new IllegalStateException(
                    "this FAT volume was opened to read only (openToRead); open it with a Clock to write files");
        }
    }
}
