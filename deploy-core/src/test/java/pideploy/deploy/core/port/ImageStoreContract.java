package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract of {@link ImageStore}: what the core and the HTTP adapter rely on, whatever holds the files. */
public abstract class ImageStoreContract {
    private ImageStore store;

    /** A fresh, empty store per test. */
    protected abstract ImageStore newStore() throws IOException;

    @BeforeEach
    void create() throws IOException {
        store = newStore();
    }

    @Test
    void showsAFileOnlyAfterCommitAndReadsBackItsBytes() throws IOException {
        try (ImageStore.PendingImage pending = store.create("a.img")) {
            pending.output().write(new byte[] {1, 2, 3});
            assertThat(store.exists("a.img")).isFalse();
            assertThatThrownBy(() -> store.open("a.img")).isInstanceOf(NoSuchFileException.class);
            pending.commit();
        }

        assertThat(store.exists("a.img")).isTrue();
        assertThat(read("a.img")).containsExactly(1, 2, 3);
    }

    @Test
    void discardsAFileClosedWithoutCommitAndFreesItsName() throws IOException {
        try (ImageStore.PendingImage pending = store.create("a.img")) {
            pending.output().write(new byte[10]);
        }

        assertThat(store.exists("a.img")).isFalse();
        assertThatThrownBy(() -> store.open("a.img")).isInstanceOf(NoSuchFileException.class);
        assertThat(store.delete("a.img")).isFalse();
        try (ImageStore.PendingImage again = store.create("a.img")) {
            again.output().write(new byte[] {9});
            again.commit();
        }
        assertThat(read("a.img")).containsExactly(9);
    }

    @Test
    void refusesToOverwriteAStoredFileAndKeepsIt() throws IOException {
        store("a.img", new byte[] {1});

        assertThatThrownBy(() -> store.create("a.img")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(read("a.img")).containsExactly(1);
    }

    @Test
    void refusesACommitWhenTheNameWasTakenMeanwhile() throws IOException {
        try (ImageStore.PendingImage slow = store.create("a.img")) {
            slow.output().write(new byte[] {2});
            store("a.img", new byte[] {1});
            assertThatThrownBy(slow::commit).isInstanceOf(FileAlreadyExistsException.class);
        }

        assertThat(read("a.img")).containsExactly(1);
    }

    @Test
    void refusesNamesThatCouldLeaveTheStore() {
        for (String bad : new String[] {"../etc/passwd", ".hidden", "a/b.img", ""}) {
            assertThatThrownBy(() -> store.create(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.exists(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void deletesOnceAndOpensNothingAfterwards() throws IOException {
        store("a.img", new byte[] {1});
        store("b.img", new byte[] {2});

        assertThat(store.delete("a.img")).isTrue();
        assertThat(store.delete("a.img")).isFalse();
        assertThat(store.exists("a.img")).isFalse();
        assertThatThrownBy(() -> store.open("a.img")).isInstanceOf(NoSuchFileException.class);
        assertThat(read("b.img")).containsExactly(2);
    }

    @Test
    void skippedBytesReadAsZerosIncludingAHoleAtTheEnd() throws IOException {
        try (ImageStore.PendingImage pending = store.create("sparse.img")) {
            pending.output().write(new byte[] {1, 2});
            pending.skip(100_000);
            pending.output().write(new byte[] {3});
            pending.skip(70_000);
            pending.commit();
        }

        byte[] expected = new byte[2 + 100_000 + 1 + 70_000];
        expected[0] = 1;
        expected[1] = 2;
        expected[100_002] = 3;
        assertThat(read("sparse.img")).hasSize(expected.length).isEqualTo(expected);
    }

    @Test
    void opensAtTheStartWithTheFilesSizeAndReadsAnyRange() throws IOException {
        byte[] content = new byte[200_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        store("r.img", content);

        try (SeekableByteChannel ch = store.open("r.img")) {
            assertThat(ch.position()).isZero();
            assertThat(ch.size()).isEqualTo(content.length);
            ch.position(150_000);
            ByteBuffer buf = ByteBuffer.allocate(1000);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // a channel may return fewer bytes than asked
            }
            assertThat(buf.array()).isEqualTo(Arrays.copyOfRange(content, 150_000, 151_000));
            ch.position(content.length);
            assertThat(ch.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        }
    }

    @Test
    void keepsEachFileApartAndReadersIndependent() throws IOException {
        store("a.img", new byte[] {1, 1});
        store("a.img.bmap", new byte[] {2});

        try (SeekableByteChannel first = store.open("a.img");
                SeekableByteChannel second = store.open("a.img")) {
            first.position(1);
            assertThat(second.position()).isZero();
        }
        assertThat(read("a.img")).containsExactly(1, 1);
        assertThat(read("a.img.bmap")).containsExactly(2);
    }

    private void store(String name, byte[] content) throws IOException {
        try (ImageStore.PendingImage pending = store.create(name)) {
            pending.output().write(content);
            pending.commit();
        }
    }

    private byte[] read(String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SeekableByteChannel ch = store.open(name)) {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                buf.flip();
                out.write(buf.array(), 0, buf.limit());
                buf.clear();
            }
        }
        return out.toByteArray();
    }
}
