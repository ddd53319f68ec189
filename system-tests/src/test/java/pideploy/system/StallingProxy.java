package pideploy.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback TCP proxy in front of the server that passes {@code stallAfter} response bytes of each connection and
 * then stops answering, the connection left open: a server that hangs in the middle of an image download.
 */
final class StallingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final long stallAfter;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    StallingProxy(int targetPort, long stallAfter) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.stallAfter = stallAfter;
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    boolean hasStalled() {
        return stalled.getCount() == 0;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, Long.MAX_VALUE));
                Thread.ofVirtual().start(() -> pump(server, client, stallAfter));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, long limit) {
        byte[] buffer = new byte[64 * 1024];
        long passed = 0;
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, Math.max(1, limit - passed)))) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
                passed += n;
                if (passed >= limit) {
                    stalled.countDown();
                    // Hang: neither pass more nor close, until the test ends.
                    closed.await();
                    return;
                }
            }
        } catch (IOException e) {
            // The other direction closed; nothing left to pass.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
