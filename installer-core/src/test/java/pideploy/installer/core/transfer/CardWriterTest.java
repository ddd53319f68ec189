package pideploy.installer.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files (the test directory's filesystem must have O_DIRECT, as ext4 and tmpfs on Linux 6.6+ have). */
class CardWriterTest {
    private static final int A = CardWriter.ALIGNMENT;
    private static final int CARD = 4 << 20;

    @TempDir
    Path dir;

    private Path card;
    private byte[] expected;
    private FileChannel buffered;

    @BeforeEach
    void card() throws IOException {
        card = dir.resolve("card.img");
        expected = new byte[CARD];
        Arrays.fill(expected, (byte) 0x5a);
        Files.write(card, expected);
    }

    @Test
    void writesTheAlignedMiddleDirectAndTheEdgesBufferedWhenTheBufferSitsLikeThePosition() throws IOException {
        long position = 3 * A + 4096;
        int length = (A - 4096) + 5 * A + 512;
        ByteBuffer src = placed(position, length, 1);
        expectAt(src, position);
        try (CardWriter writer = open()) {
            writer.write(src, position);
            writer.force();
            assertThat(writer.directBytes()).isEqualTo(5L * A);
            assertThat(writer.bufferedBytes()).isEqualTo(length - 5L * A);
        }
        assertThat(src.position()).as("the source's position is left alone").isZero();
        assertCardIsExpected();
    }

    @Test
    void writesEverythingBufferedWhenTheBufferDoesNotSitLikeThePosition() throws IOException {
        long position = 2L * A;
        ByteBuffer src = placed(position + 4096, 4 * A, 2);
        expectAt(src, position);
        try (CardWriter writer = open()) {
            writer.write(src, position);
            assertThat(writer.directBytes()).isZero();
            assertThat(writer.bufferedBytes()).isEqualTo(4L * A);
        }
        assertCardIsExpected();
    }

    @Test
    void writesHeapBuffersAndShortWritesBuffered() throws IOException {
        ByteBuffer heap = ByteBuffer.wrap(random(3 * A, 3));
        ByteBuffer small = placed(A + 100, 1000, 4);
        expectAt(heap, 5L * A);
        expectAt(small, A + 100);
        try (CardWriter writer = open()) {
            writer.write(heap, 5L * A);
            writer.write(small, A + 100);
            assertThat(writer.directBytes()).isZero();
        }
        assertCardIsExpected();
    }

    @Test
    void writesEverythingBufferedWithoutADirectChannel() throws IOException {
        ByteBuffer src = placed(A, 8 * A, 5);
        expectAt(src, A);
        try (FileChannel channel = FileChannel.open(card, StandardOpenOption.READ, StandardOpenOption.WRITE);
                CardWriter writer = CardWriter.buffered(channel)) {
            writer.write(src, A);
            assertThat(writer.directBytes()).isZero();
        }
        assertCardIsExpected();
    }

    @Test
    void fallsBackToThePageCacheForGoodWhenTheDirectChannelRefusesAWrite() throws IOException {
        RefusingChannel refusing = new RefusingChannel();
        ByteBuffer first = placed(A, 4 * A, 7);
        ByteBuffer second = placed(8L * A, 2 * A, 8);
        expectAt(first, A);
        expectAt(second, 8L * A);
        try (FileChannel channel = FileChannel.open(card, StandardOpenOption.READ, StandardOpenOption.WRITE);
                CardWriter writer = new CardWriter(channel, Optional.of(refusing))) {
            writer.write(first, A);
            writer.write(second, 8L * A);
            assertThat(writer.directBytes()).isZero();
            assertThat(writer.bufferedBytes()).isEqualTo(6L * A);
        }
        assertThat(refusing.attempts).as("tried once, then no more").isEqualTo(1);
        assertCardIsExpected();
    }

    @Test
    void whenThePageCacheFailsTooTheErrorCarriesTheDirectChannelsFirstOne() throws IOException {
        RefusingChannel direct = new RefusingChannel();
        try (CardWriter writer = new CardWriter(new RefusingChannel(), Optional.of(direct))) {
            assertThatThrownBy(() -> writer.write(placed(2L * A, 2 * A, 10), 2L * A))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        }
        assertThat(direct.attempts).isEqualTo(1);
    }

    @Test
    void aClosedDirectChannelIsAnErrorNotAReasonToSwitch() throws IOException {
        FileChannel closed = direct().orElseThrow();
        closed.close();
        try (FileChannel channel = FileChannel.open(card, StandardOpenOption.READ, StandardOpenOption.WRITE);
                CardWriter writer = new CardWriter(channel, Optional.of(closed))) {
            assertThatThrownBy(() -> writer.write(placed(A, 2 * A, 9), A))
                    .isInstanceOf(java.nio.channels.ClosedChannelException.class);
        }
    }

    /** What a filesystem that opens with O_DIRECT but refuses the writes looks like: EINVAL on every write. */
    private static final class RefusingChannel extends FileChannel {
        int attempts;

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            attempts++;
            throw new IOException("Invalid argument");
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() {
            return 0;
        }

        @Override
        public FileChannel position(long newPosition) {
            return this;
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public FileChannel truncate(long size) {
            return this;
        }

        @Override
        public void force(boolean metaData) {}

        @Override
        public long transferTo(long position, long count, java.nio.channels.WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.nio.channels.FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() {}
    }

    @Test
    void aDirectWriteOverDirtyCachedPagesWinsAndLaterBufferedReadsSeeIt() throws IOException {
        try (FileChannel channel = FileChannel.open(card, StandardOpenOption.READ, StandardOpenOption.WRITE);
                CardWriter writer = new CardWriter(channel, direct())) {
            // Dirty page-cache bytes first (as the installer's zeroed ends), then the image over them, direct.
            ByteBuffer zeros = ByteBuffer.allocate(4 * A);
            channel.write(zeros, 0);
            ByteBuffer image = placed(0, 4 * A, 6);
            expectAt(image, 0);
            writer.write(image, 0);
            assertThat(writer.directBytes()).isEqualTo(4L * A);
            // A buffered read right after (customization reads the FAT this way) sees the direct bytes.
            ByteBuffer read = ByteBuffer.allocate(4 * A);
            channel.read(read, 0);
            assertThat(Arrays.mismatch(read.array(), Arrays.copyOf(expected, 4 * A)))
                    .as("first differing byte")
                    .isEqualTo(-1);
        }
        assertCardIsExpected();
    }

    private void assertCardIsExpected() throws IOException {
        assertThat(Arrays.mismatch(Files.readAllBytes(card), expected))
                .as("first byte of the card that differs")
                .isEqualTo(-1);
    }

    private CardWriter open() throws IOException {
        buffered = FileChannel.open(card, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new CardWriter(buffered, direct());
    }

    @AfterEach
    void close() throws IOException {
        if (buffered != null) {
            buffered.close();
        }
    }

    private Optional<FileChannel> direct() throws IOException {
        return Optional.of(
                FileChannel.open(card, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT));
    }

    /** A direct buffer of random bytes whose address is as far from a 64 KiB boundary as {@code position} is. */
    private ByteBuffer placed(long position, int length, int seed) {
        ByteBuffer backing = Buffers.allocate(length + A);
        int shift = (int) (position % A);
        ByteBuffer src = backing.slice(shift, length);
        src.put(0, random(length, seed));
        return src;
    }

    private void expectAt(ByteBuffer src, long position) {
        byte[] bytes = new byte[src.remaining()];
        src.get(src.position(), bytes);
        System.arraycopy(bytes, 0, expected, (int) position, bytes.length);
    }

    private static byte[] random(int length, int seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}
