package pideploy.deploy.core.archfixture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Breaks the no-file-system rule: the core reads stored files through the ImageStore port, by name. */
public final class ReadsAFileItself {
    byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
