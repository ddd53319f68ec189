package pideploy.disk.image.fat;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Optional;

/** Stub: being implemented. */
public final class FatFileSystem {

    private FatFileSystem() {
    }

    public static FatFileSystem open(SeekableByteChannel channel, long volumeOffset) throws IOException {
        throw new UnsupportedOperationException("FatFileSystem not implemented yet");
    }

    public FatType type() {
        throw new UnsupportedOperationException();
    }

    public List<String> listRoot() throws IOException {
        throw new UnsupportedOperationException();
    }

    public Optional<byte[]> readFile(String name) throws IOException {
        throw new UnsupportedOperationException();
    }

    public void writeFile(String name, byte[] content) throws IOException {
        throw new UnsupportedOperationException();
    }

    public boolean deleteFile(String name) throws IOException {
        throw new UnsupportedOperationException();
    }

    public long freeBytes() throws IOException {
        throw new UnsupportedOperationException();
    }
}
