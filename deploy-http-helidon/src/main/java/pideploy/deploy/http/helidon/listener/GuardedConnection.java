package pideploy.deploy.http.helidon.listener;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.spi.ServerConnection;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One admitted connection as the {@link ConnectionGuard} sees it: Helidon's connection context with the socket reads
 * and writes timed, and the HTTP/1 connection that runs on it. The guard's sweep reads the timestamps and closes the
 * socket of a connection past a deadline, which ends the blocked read or write with an I/O error.
 */
final class GuardedConnection implements ConnectionContext, ServerConnection {
    static final long NOT_BLOCKED = Long.MIN_VALUE;

    /** Where the connection is in its request cycle, for choosing which deadline applies. */
    enum Phase {
        /** Waiting for a request, or answering one (the next read is then the next request's). */
        IDLE,
        /** The first bytes of a request arrived; its headers have not all. */
        HEAD,
        /** Headers read; the handler may be reading the body. */
        BODY
    }

    private final ConnectionContext inner;
    private final ConnectionGuard guard;
    private final LongSupplier nanos;
    private final InetAddress address;
    private final DataReader reader;
    private final DataWriter writer;
    private ServerConnection http;
    private volatile Phase phase = Phase.IDLE;
    private volatile long phaseSince;
    private volatile long readBlockedSince = NOT_BLOCKED;
    private volatile long writeBlockedSince = NOT_BLOCKED;
    private volatile boolean dropped;

    GuardedConnection(ConnectionContext inner, InetAddress address, ConnectionGuard guard, LongSupplier nanos) {
        this.inner = inner;
        this.address = address;
        this.guard = guard;
        this.nanos = nanos;
        this.phaseSince = nanos.getAsLong();
        this.reader = new ChunkExtensionReader(this::read);
        this.writer = new TimedWriter(inner.dataWriter());
    }

    /** Creates the HTTP connection over this context; called once, before {@link #handle(Limit)}. */
    GuardedConnection over(Function<ConnectionContext, ServerConnection> httpConnection) {
        this.http = httpConnection.apply(this);
        return this;
    }

    InetAddress address() {
        return address;
    }

    Phase phase() {
        return phase;
    }

    long phaseSince() {
        return phaseSince;
    }

    long readBlockedSince() {
        return readBlockedSince;
    }

    long writeBlockedSince() {
        return writeBlockedSince;
    }

    /** Waiting for its next request: what the guard evicts first when the listener is full. */
    boolean isIdle() {
        return phase == Phase.IDLE && readBlockedSince != NOT_BLOCKED && writeBlockedSince == NOT_BLOCKED;
    }

    void headersRead() {
        phase = Phase.BODY;
        phaseSince = nanos.getAsLong();
    }

    /** Closes the socket under the blocked read or write; the connection's thread then ends it. */
    void drop() {
        dropped = true;
        try {
            inner.serverSocket().close();
        } catch (RuntimeException e) {
            // already closed by the client or by Helidon
        }
    }

    boolean isDropped() {
        return dropped;
    }

    private byte[] read() {
        readBlockedSince = nanos.getAsLong();
        byte[] bytes;
        try {
            bytes = inner.serverSocket().get();
        } catch (UncheckedIOException e) {
            // as Helidon's own reader does: a failed socket ends the connection quietly
            throw new ServerConnectionException("Failed to get data from socket", e);
        } finally {
            readBlockedSince = NOT_BLOCKED;
        }
        if (bytes != null && phase == Phase.IDLE) {
            phase = Phase.HEAD;
            phaseSince = nanos.getAsLong();
        }
        return bytes;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        try {
            http.handle(limit);
        } finally {
            guard.release(this);
        }
    }

    @Override
    public Duration idleTime() {
        return http.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        http.close(interrupt);
    }

    @Override
    public ListenerContext listenerContext() {
        return inner.listenerContext();
    }

    @Override
    public ExecutorService executor() {
        return inner.executor();
    }

    @Override
    public DataWriter dataWriter() {
        return writer;
    }

    @Override
    public DataReader dataReader() {
        return reader;
    }

    @Override
    public Router router() {
        return inner.router();
    }

    @Override
    public Optional<ProxyProtocolData> proxyProtocolData() {
        return inner.proxyProtocolData();
    }

    @Override
    public HelidonSocket serverSocket() {
        return inner.serverSocket();
    }

    @Override
    public PeerInfo remotePeer() {
        return inner.remotePeer();
    }

    @Override
    public PeerInfo localPeer() {
        return inner.localPeer();
    }

    @Override
    public boolean isSecure() {
        return inner.isSecure();
    }

    @Override
    public String socketId() {
        return inner.socketId();
    }

    @Override
    public String childSocketId() {
        return inner.childSocketId();
    }

    /** Marks every write as blocked until it returns; a response being written also ends the request's phase. */
    private final class TimedWriter implements DataWriter {
        private final DataWriter out;

        TimedWriter(DataWriter out) {
            this.out = out;
        }

        @Override
        public void write(BufferData... buffers) {
            enter();
            try {
                out.write(buffers);
            } finally {
                writeBlockedSince = NOT_BLOCKED;
            }
        }

        @Override
        public void write(BufferData buffer) {
            enter();
            try {
                out.write(buffer);
            } finally {
                writeBlockedSince = NOT_BLOCKED;
            }
        }

        @Override
        public void writeNow(BufferData... buffers) {
            enter();
            try {
                out.writeNow(buffers);
            } finally {
                writeBlockedSince = NOT_BLOCKED;
            }
        }

        @Override
        public void writeNow(BufferData buffer) {
            enter();
            try {
                out.writeNow(buffer);
            } finally {
                writeBlockedSince = NOT_BLOCKED;
            }
        }

        @Override
        public void flush() {
            enter();
            try {
                out.flush();
            } finally {
                writeBlockedSince = NOT_BLOCKED;
            }
        }

        @Override
        public void close() {
            out.close();
        }

        private void enter() {
            if (phase != Phase.IDLE) {
                phase = Phase.IDLE;
                phaseSince = nanos.getAsLong();
            }
            writeBlockedSince = nanos.getAsLong();
        }
    }
}
