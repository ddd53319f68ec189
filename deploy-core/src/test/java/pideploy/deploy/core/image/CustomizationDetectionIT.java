package pideploy.deploy.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection of the first-boot method on real images built with sfdisk, mkfs.vfat and mtools. */
class CustomizationDetectionIT {
    private static final String CMDLINE = "console=serial0,115200 console=tty1 root=PARTUUID=1234-02 rootfstype=ext4 "
            + "fsck.repair=yes rootwait quiet\n";

    @TempDir
    Path dir;

    private CustomizationDetection inspect(Path image) throws Exception {
        try (SeekableByteChannel ch = Files.newByteChannel(image)) {
            return CustomizationDetection.inspect(ch);
        }
    }

    @Test
    void detectsFirstrunOnAPlainRaspberryPiOsBootPartition() throws Exception {
        Path image = PiImages.build(dir, "plain.img", Map.of("cmdline.txt", CMDLINE, "config.txt", "arm_64bit=1\n"));

        CustomizationDetection d = inspect(image);

        assertThat(d.method()).contains(CustomizationMethod.FIRSTRUN);
    }

    @Test
    void detectsCloudInitFromUserData() throws Exception {
        Path image = PiImages.build(dir, "ci.img", Map.of("cmdline.txt", CMDLINE, "user-data", "#cloud-config\n"));

        CustomizationDetection d = inspect(image);

        assertThat(d.method()).contains(CustomizationMethod.CLOUD_INIT);
        assertThat(d.reason()).contains("user-data");
    }

    @Test
    void detectsCloudInitFromMetaData() throws Exception {
        Path image = PiImages.build(dir, "md.img", Map.of("meta-data", "instance-id: x\n"));

        assertThat(inspect(image).method()).contains(CustomizationMethod.CLOUD_INIT);
    }

    @Test
    void detectsCloudInitFromTheNoCloudDatasourceOnTheCommandLine() throws Exception {
        Path image = PiImages.build(dir, "ds.img", Map.of("cmdline.txt", CMDLINE.strip() + " ds=nocloud;s=/boot/\n"));

        CustomizationDetection d = inspect(image);

        assertThat(d.method()).contains(CustomizationMethod.CLOUD_INIT);
        assertThat(d.reason()).contains("cmdline.txt");
    }

    @Test
    void findsNothingInBytesThatAreNoDiskImage() throws Exception {
        Path noise = dir.resolve("noise.img");
        byte[] bytes = new byte[1 << 20];
        new Random(3).nextBytes(bytes);
        bytes[510] = 0;
        Files.write(noise, bytes);

        CustomizationDetection d = inspect(noise);

        assertThat(d.method()).isEqualTo(Optional.empty());
        assertThat(d.reason()).isNotBlank();
    }
}
