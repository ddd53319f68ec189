package pideploy.system.field;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One emulated machine with its serial console captured line by line, each line stamped with the time since
 * QEMU started (the phases {@code bench/field.sh} reports). The console also goes to {@code log} for whoever
 * reads a failed run. Networking is QEMU's user mode: the guest reaches the host's loopback at 10.0.2.2 and
 * nothing else leaves the process.
 */
final class Qemu implements AutoCloseable {
    /** A console line and when it arrived. */
    record Line(Duration at, String text) {}

    private final Process process;
    private final List<Line> lines = new ArrayList<>();
    private final long started = System.nanoTime();
    private final Thread reader;

    private Qemu(List<String> command, Path log) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        PrintWriter logOut = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        logOut.println("# " + String.join(" ", command));
        reader = Thread.ofPlatform().daemon().name("qemu-console").start(() -> {
            try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    logOut) {
                for (String text; (text = in.readLine()) != null; ) {
                    // Terminal escapes from systemd's coloured status would hide the words the test looks for.
                    String plain =
                            text.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
                    Line line = new Line(Duration.ofNanos(System.nanoTime() - started), plain);
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                    logOut.printf("%7.1f %s%n", line.at().toMillis() / 1000.0, plain);
                }
            } catch (IOException e) {
                // the process ended; whatever was read is in lines
            }
        });
    }

    /** The aarch64 "Pi": {@code -M virt} with a Debian arm64 kernel, the kit's initramfs, a raw card on virtio. */
    static Qemu aarch64(Path kernel, Path initrd, String cmdline, Path card, String mac, Path log) throws IOException {
        return new Qemu(
                List.of(
                        "qemu-system-aarch64",
                        "-M",
                        "virt",
                        "-cpu",
                        "max",
                        "-smp",
                        "2",
                        "-m",
                        "1536",
                        "-nographic",
                        "-no-reboot",
                        "-kernel",
                        kernel.toString(),
                        "-initrd",
                        initrd.toString(),
                        "-append",
                        cmdline,
                        "-drive",
                        "file=" + card + ",format=raw,if=none,id=card",
                        "-device",
                        "virtio-blk-pci,drive=card",
                        "-netdev",
                        "user,id=net0",
                        "-device",
                        "virtio-net-pci,netdev=net0,mac=" + mac),
                log);
    }

    /** The written card booted as the firmware would, on x86_64 (the master image's root is amd64). */
    static Qemu x86(Path kernel, Path initrd, String cmdline, Path card, String mac, Path log) throws IOException {
        return new Qemu(
                List.of(
                        "qemu-system-x86_64",
                        "-M",
                        "q35",
                        "-smp",
                        "2",
                        "-m",
                        "1024",
                        "-nographic",
                        "-no-reboot",
                        "-kernel",
                        kernel.toString(),
                        "-initrd",
                        initrd.toString(),
                        "-append",
                        cmdline,
                        "-drive",
                        "file=" + card + ",format=raw,if=virtio",
                        "-netdev",
                        "user,id=net0",
                        "-device",
                        "virtio-net-pci,netdev=net0,mac=" + mac),
                log);
    }

    /** Waits for the first console line matching {@code wanted}; empty when QEMU ended or time ran out first. */
    Optional<Line> await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (wanted.test(lines.get(seen).text())) return Optional.of(lines.get(seen));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) return Optional.empty();
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
        }
    }

    /** Waits for QEMU to end by itself ({@code -no-reboot} turns a reboot into an exit); its exit code. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return Optional.empty();
        reader.join(5_000);
        return Optional.of(process.exitValue());
    }

    /** The first line containing {@code text}, if it came. */
    Optional<Line> first(String text) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.text().contains(text)).findFirst();
        }
    }

    /** When the last console line came (the machine's run time, once it ended). */
    Duration lastAt() {
        synchronized (lines) {
            return lines.isEmpty() ? Duration.ZERO : lines.getLast().at();
        }
    }

    /** The console so far, one string (for assertion messages). */
    String console() {
        synchronized (lines) {
            StringBuilder all = new StringBuilder();
            int from = Math.max(0, lines.size() - 200);
            for (Line l : lines.subList(from, lines.size()))
                all.append(l.text()).append('\n');
            return all.toString();
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS))
                    process.destroyForcibly().waitFor();
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
