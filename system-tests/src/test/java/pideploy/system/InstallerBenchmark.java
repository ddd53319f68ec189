package pideploy.system;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import pideploy.installer.cli.InstallerWiring;
import pideploy.installer.cli.PiInstallerMain;

/**
 * Benchmark harness, not a test: the installer writing a 2 GiB image to a file target against
 * {@code curl URL | dd of=target bs=4M} from the same server in the same run. Run it with
 * <pre>mvn -B -q -pl system-tests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=pideploy.system.InstallerBenchmark -Dexec.args="/var/tmp/pideploy-bench 2048 1536"</pre>
 * (work directory, image MiB, MiB of random data in the root filesystem). Results go to docs/benchmarks/installer.md.
 */
public final class InstallerBenchmark {
    private static final long MIB = 1 << 20;

    private InstallerBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/var/tmp/pideploy-bench");
        long imageMiB = args.length > 1 ? Long.parseLong(args[1]) : 2048;
        long dataMiB = args.length > 2 ? Long.parseLong(args[2]) : 1536;
        Tools.check(Path.of("/"), "rm", "-rf", work.toString());
        Files.createDirectories(work);
        long started = System.nanoTime();
        PiDiskImage image = PiDiskImage.build(work.resolve("image"), imageMiB - 40, dataMiB);
        System.out.printf(
                Locale.ROOT,
                "image: %d MiB (%d MiB random data), built in %.1f s%n",
                image.size() / MIB,
                dataMiB,
                (System.nanoTime() - started) / 1e9);
        try (ServerRig server = new ServerRig(work.resolve("data"), image.file(), "firstrun").start()) {
            String imageUrl =
                    server.deviceUrl() + "/images/" + server.servedImage().getFileName();
            // The server prepares its compressed transfer form in the background; measure once it is done, so no
            // compression competes for the CPU, and with the page cache warm for every run alike.
            waitForTransferForm(server.deviceUrl());
            Tools.check(work, "sh", "-c", "cat '" + server.servedImage() + "' > /dev/null");
            Path card = work.resolve("card.img");
            int serial = 0;
            for (int round = 1; round <= 2; round++) {
                for (String transfer : List.of("raw", "auto")) {
                    Files.deleteIfExists(card);
                    try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
                        file.setLength(image.size() + 512 * MIB);
                    }
                    StringWriter out = new StringWriter();
                    long t0 = System.nanoTime();
                    int exit = PiInstallerMain.run(
                            InstallerWiring.linux(),
                            new PrintWriter(out),
                            new PrintWriter(out),
                            "--server",
                            server.deviceUrl(),
                            "--product",
                            "KXP2",
                            "--venue",
                            "CORO",
                            "--device",
                            card.toString(),
                            "--no-reboot",
                            "--transfer",
                            transfer,
                            "--serial",
                            "be4c40000000" + (++serial));
                    double installer = (System.nanoTime() - t0) / 1e9;
                    String done = out.toString()
                            .lines()
                            .filter(l -> l.startsWith("done:") || l.startsWith("failed"))
                            .findFirst()
                            .orElse(out.toString());
                    System.out.printf(
                            Locale.ROOT,
                            "round %d installer --transfer %s: exit %d, %.1f s wall "
                                    + "(%.0f MB/s of image end to end, incl. verify and customize); %s%n",
                            round,
                            transfer,
                            exit,
                            installer,
                            image.size() / installer / 1e6,
                            done);
                }
                Pipe plain = pipe(
                        work,
                        "curl -sSf '" + imageUrl + "' | dd of='" + card
                                + "' bs=4M iflag=fullblock conv=notrunc status=none");
                Pipe fsync = pipe(
                        work,
                        "curl -sSf '" + imageUrl + "' | dd of='" + card
                                + "' bs=4M iflag=fullblock conv=notrunc,fsync status=none");
                // The installer also hashes every byte on the way; this is the same work done by shell tools.
                Pipe hashed = pipe(
                        work,
                        "curl -sSf '" + imageUrl + "' | tee >(sha256sum > /dev/null) | dd of='" + card
                                + "' bs=4M iflag=fullblock conv=notrunc,fsync status=none");
                System.out.printf(
                        Locale.ROOT,
                        "round %d curl | dd bs=4M: %.1f s (%.0f MB/s); conv=fsync: "
                                + "%.1f s (%.0f MB/s); tee >(sha256sum) and fsync: %.1f s (%.0f MB/s)%n",
                        round,
                        plain.seconds(),
                        image.size() / plain.seconds() / 1e6,
                        fsync.seconds(),
                        image.size() / fsync.seconds() / 1e6,
                        hashed.seconds(),
                        image.size() / hashed.seconds() / 1e6);
            }
        }
    }

    private record Pipe(double seconds) {}

    /** Polls the config answer until it offers a transfer form (at most 10 minutes). */
    private static void waitForTransferForm(String server) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long t0 = System.nanoTime();
        for (int i = 0; i < 120; i++) {
            String body = http.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(server + "/api/config"))
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            java.net.http.HttpRequest.BodyPublishers.ofString(
                                                    "{\"product_type\":\"KXP2\",\"venue_code\":\"CORO\",\"serial_number\":\"be4cwarm\"}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            if (body.contains("\"transfer_forms\":[{")) {
                System.out.printf(Locale.ROOT, "transfer form ready after %.0f s%n", (System.nanoTime() - t0) / 1e9);
                return;
            }
            Thread.sleep(5000);
        }
        System.out.println("no transfer form offered after 10 minutes; auto runs take the raw image");
    }

    private static Pipe pipe(Path work, String shell) throws Exception {
        long t0 = System.nanoTime();
        Tools.check(work, "bash", "-c", "set -o pipefail; " + shell);
        return new Pipe((System.nanoTime() - t0) / 1e9);
    }
}
