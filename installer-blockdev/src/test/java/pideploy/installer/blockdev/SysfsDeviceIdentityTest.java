package pideploy.installer.blockdev;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.installer.blockdev.SampleFiles.sample;
import static pideploy.installer.blockdev.SampleFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsDeviceIdentityTest {
    @TempDir
    Path root;

    @Test
    void takesTheSerialFromCpuinfo() {
        write(root, "proc/cpuinfo", sample("cpuinfo-pi5.txt"));

        assertThat(new SysfsDeviceIdentity(root).detect().serialNumber()).contains("2c5a1b3e9d7f4a61");
    }

    @Test
    void fallsBackToTheDeviceTreeSerialWithoutItsTrailingNul() {
        write(root, "proc/cpuinfo", sample("cpuinfo-x86-vm-captured.txt"));
        write(root, "sys/firmware/devicetree/base/serial-number", "2C5A1B3E9D7F4A61\0");

        assertThat(new SysfsDeviceIdentity(root).detect().serialNumber()).contains("2c5a1b3e9d7f4a61");
    }

    @Test
    void hasNoSerialOnAMachineWithoutOne() {
        write(root, "proc/cpuinfo", sample("cpuinfo-x86-vm-captured.txt"));

        assertThat(new SysfsDeviceIdentity(root).detect().serialNumber()).isEmpty();
    }

    @Test
    void takesTheMacOfTheFirstPhysicalWiredInterface() throws IOException {
        write(root, "sys/class/net/lo/address", "00:00:00:00:00:00\n");
        write(root, "sys/class/net/ifb0/address", "0e:c7:a1:bb:9f:5c\n");
        write(root, "sys/class/net/wlan0/address", "D8:3A:DD:00:00:02\n");
        Files.createDirectories(root.resolve("sys/class/net/wlan0/device"));
        write(root, "sys/class/net/eth0/address", "D8:3A:DD:00:00:01\n");
        Files.createDirectories(root.resolve("sys/class/net/eth0/device"));

        assertThat(new SysfsDeviceIdentity(root).detect().macAddress()).contains("d8:3a:dd:00:00:01");
    }

    @Test
    void hasNoMacWithoutAPhysicalInterface() {
        write(root, "sys/class/net/lo/address", "00:00:00:00:00:00\n");

        assertThat(new SysfsDeviceIdentity(root).detect().macAddress()).isEmpty();
    }
}
