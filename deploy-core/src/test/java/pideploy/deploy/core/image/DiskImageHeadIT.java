package pideploy.deploy.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DiskImageHead} on images partitioned by sfdisk, as operators' images are. */
class DiskImageHeadIT {
    @TempDir
    Path dir;

    @Test
    void acceptsAnSfdiskGptImage() throws Exception {
        Path image = dir.resolve("gpt.img");
        try (var ch = Files.newByteChannel(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.position(8L * 1024 * 1024 - 1);
            ch.write(ByteBuffer.wrap(new byte[1]));
        }
        Process sfdisk = new ProcessBuilder("sfdisk", "--quiet", image.toString())
                .redirectErrorStream(true)
                .start();
        sfdisk.getOutputStream().write("label: gpt\nstart=2048, size=4096, type=L\n".getBytes());
        sfdisk.getOutputStream().close();
        assertThat(sfdisk.waitFor())
                .as(new String(sfdisk.getInputStream().readAllBytes()))
                .isZero();

        try (InputStream in = Files.newInputStream(image)) {
            assertThat(DiskImageHead.read(in).refusal()).isEmpty();
        }
    }

    @Test
    void acceptsAPiLikeMbrImage() throws Exception {
        Path image = PiImages.build(dir, "pi.img", Map.of("cmdline.txt", "console=tty1"));

        try (InputStream in = Files.newInputStream(image)) {
            assertThat(DiskImageHead.read(in).refusal()).isEmpty();
        }
    }
}
