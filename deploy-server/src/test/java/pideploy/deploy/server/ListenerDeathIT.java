package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.server.config.ServerSettings;

/**
 * Descriptor exhaustion ends Helidon's accept loop (ADR-0044): the test takes every free descriptor of this process
 * (it raises no limit), lets one connection reach the device listener so its {@code accept} fails with "Too many
 * open files", asks {@code /health} over a connection opened before, and expects the device listener named DOWN;
 * once descriptors are free again the server is back within seconds.
 */
class ListenerDeathIT {
    @Test
    void aListenerKilledByDescriptorExhaustionIsReportedAndRestarted(@TempDir Path data) throws Exception {
        try (PiDeployServer server = PiDeployServer.start(ServerSettings.forTest(data, "listener-death-pw"))) {
            int device = server.devicePort();
            Socket operator = connect(server.adminPort());
            assertThat(health(operator)).contains("\"device\"").contains("\"UP\"");
            List<FileChannel> fillers = new ArrayList<>();
            List<Socket> clients = new ArrayList<>();
            String whileDown = "";
            try {
                Path devNull = Path.of("/dev/null");
                while (true) {
                    try {
                        fillers.add(FileChannel.open(devNull));
                    } catch (IOException e) {
                        break;
                    }
                }
                for (int attempt = 0; attempt < 200 && !whileDown.contains("DOWN"); attempt++) {
                    fillers.remove(fillers.size() - 1).close();
                    try {
                        clients.add(connect(device));
                    } catch (IOException e) {
                        // someone else took the descriptor; free another
                    }
                    Thread.sleep(50);
                    whileDown = health(operator);
                }
            } finally {
                for (FileChannel f : fillers) {
                    f.close();
                }
                for (Socket c : clients) {
                    c.close();
                }
            }
            assertThat(whileDown)
                    .startsWith("HTTP/1.1 503")
                    .contains("\"device\"")
                    .contains("DOWN")
                    .contains("Too many open files");
            long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            String after = "";
            while (System.nanoTime() < end && !after.startsWith("HTTP/1.1 200")) {
                Thread.sleep(200);
                try (Socket s = connect(device)) {
                    after = health(s);
                } catch (IOException e) {
                    after = e.toString();
                }
            }
            assertThat(after).startsWith("HTTP/1.1 200").contains("\"restarts\":1");
            operator.close();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    /** GET /health on a kept-alive connection; status line, headers and the Content-Length body. */
    private static String health(Socket s) throws IOException {
        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
