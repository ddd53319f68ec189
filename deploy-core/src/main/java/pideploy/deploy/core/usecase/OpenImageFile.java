package pideploy.deploy.core.usecase;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import pideploy.deploy.core.port.ImageStore;

/** Opens a stored image file (a master image or a transfer form's derived file) for serving to devices. */
public final class OpenImageFile {
    private final ImageStore images;

    public OpenImageFile(ImageStore images) {
        this.images = images;
    }

    /** @throws java.nio.file.NoSuchFileException if there is no such file */
    public SeekableByteChannel open(String fileName) throws IOException {
        return images.open(fileName);
    }
}
