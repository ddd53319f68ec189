package pideploy.deploy.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.ImageStore;
import pideploy.deploy.core.port.ImageStoreContract;

/** The port's contract on a real directory, and what only a directory has: temporaries, crash leftovers, holes. */
class DirectoryImageStoreTest extends ImageStoreContract {
    @TempDir
    Path dir;
    /** The contract's own directory, so that the tests below see only their own files in {@link #dir}. */
    @TempDir
    Path contractDir;

    @Override
    protected ImageStore newStore() throws IOException {
        return new DirectoryImageStore(contractDir);
    }

    @Test
    void opensAFileChannelSoTheHttpAdapterCanSendItWithoutCopying() throws Exception {
        DirectoryImageStore store = new DirectoryImageStore(dir);
        try (ImageStore.PendingImage pending = store.create("a.img")) {
            pending.output().write(new byte[] {1, 2, 3});
            pending.commit();
        }

        try (var ch = store.open("a.img")) {
            assertThat(ch).isInstanceOf(FileChannel.class);
        }
    }

    @Test
    void keepsSkippedBytesAsHolesOnDisk() throws Exception {
        DirectoryImageStore store = new DirectoryImageStore(dir);
        try (ImageStore.PendingImage pending = store.create("sparse.img")) {
            pending.output().write(new byte[] {1});
            pending.skip(8L << 20);
            pending.output().write(new byte[] {2});
            pending.commit();
        }

        assertThat(Files.size(dir.resolve("sparse.img"))).isEqualTo((8L << 20) + 2);
        // ext4 and tmpfs both keep holes; a written 8 MiB would be 16384 blocks of 512 bytes.
        Process stat =
                new ProcessBuilder("stat", "-c", "%b", dir.resolve("sparse.img").toString()).start();
        long allocated = Long.parseLong(new String(stat.getInputStream().readAllBytes()).strip()) * 512;
        assertThat(allocated).as("bytes allocated").isLessThan(1L << 20);
    }

    @Test
    void showsAFileOnlyAfterCommit() throws Exception {
        DirectoryImageStore store = new DirectoryImageStore(dir.resolve("images"));
        try (ImageStore.PendingImage pending = store.create("a.img")) {
            pending.output().write(new byte[] {1, 2, 3});
            assertThat(store.exists("a.img")).isFalse();
            pending.commit();
        }

        assertThat(store.exists("a.img")).isTrue();
        try (var ch = store.open("a.img")) {
            assertThat(ch.size()).isEqualTo(3);
            ByteBuffer buf = ByteBuffer.allocate(3);
            ch.read(buf);
            assertThat(buf.array()).containsExactly(1, 2, 3);
        }
        try (var files = Files.list(dir.resolve("images"))) {
            assertThat(files).containsExactly(dir.resolve("images/a.img"));
        }
    }

    @Test
    void discardsAnUncommittedFile() throws Exception {
        DirectoryImageStore store = new DirectoryImageStore(dir);
        try (ImageStore.PendingImage pending = store.create("a.img")) {
            pending.output().write(new byte[10]);
        }

        assertThat(store.exists("a.img")).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        assertThatThrownBy(() -> store.open("a.img")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void refusesToOverwriteAndRefusesUnsafeNames() throws Exception {
        DirectoryImageStore store = new DirectoryImageStore(dir);
        try (ImageStore.PendingImage pending = store.create("a.img")) {
            pending.commit();
        }

        assertThatThrownBy(() -> store.create("a.img")).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> store.path("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.path(".hidden")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.delete("a.img")).isTrue();
        assertThat(store.delete("a.img")).isFalse();
    }

    @Test
    void removesEveryUploadLeftByACrashButNotOneBeingWritten() throws Exception {
        Path old = Files.write(dir.resolve(".upload-old"), new byte[1]);
        Files.setLastModifiedTime(
                old, FileTime.from(Files.getLastModifiedTime(old).toInstant().minus(Duration.ofDays(2))));
        Path recent = Files.write(dir.resolve(".upload-recent"), new byte[1]);
        DirectoryImageStore writer = new DirectoryImageStore(dir);
        assertThat(old).doesNotExist();
        assertThat(recent).doesNotExist();

        try (ImageStore.PendingImage live = writer.create("live.img")) {
            live.output().write(new byte[] {1, 2, 3});
            new DirectoryImageStore(dir);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .singleElement()
                        .asString()
                        .startsWith(".upload-");
            }
            live.commit();
        }
        assertThat(dir.resolve("live.img")).hasBinaryContent(new byte[] {1, 2, 3});
    }
}
