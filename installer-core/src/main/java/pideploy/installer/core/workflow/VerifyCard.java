package pideploy.installer.core.workflow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.ReadBack;
import pideploy.installer.core.port.Step;

/**
 * Reads every written byte back from the card (bypassing the page cache where the target can) and hashes it, with
 * reading and hashing overlapped on two threads. Reads start at 0 in buffer-sized steps so every position stays
 * 64 KiB-aligned for O_DIRECT; the card's first bytes are still zero there, so the hash takes the held-back head from
 * memory in their place, exactly as it will be written.
 */
final class VerifyCard {
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final TransferSettings settings;
    private final InstallObserver observer;

    VerifyCard(TransferSettings settings, InstallObserver observer) {
        this.settings = settings;
        this.observer = observer;
    }

    /**
     * The SHA-256 of the card's first {@code size} bytes with {@code head} in place of its first bytes.
     *
     * @throws IOException  when the card cannot be read back (the reader's own failure, {@link Error}s included)
     * @throws StepFailure  step verify when hashing or reporting progress fails; the reader has ended then
     */
    byte[] sha256(ReadBack card, byte[] head, long size) throws IOException {
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(settings.bufferCount());
        BlockingQueue<ByteBuffer> filled = new ArrayBlockingQueue<>(settings.bufferCount() + 1);
        for (int i = 0; i < settings.bufferCount(); i++) {
            free.add(AlignedBuffers.allocate(settings.bufferSize()));
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform()
                .name("pideploy-verify-read")
                .daemon()
                .start(() -> {
                    try {
                        for (long position = 0; position < size; ) {
                            ByteBuffer buffer = free.take();
                            buffer.clear().limit((int) Math.min(buffer.capacity(), size - position));
                            card.readFully(buffer, position);
                            position += buffer.flip().remaining();
                            filled.put(buffer);
                        }
                    } catch (Throwable e) {
                        // Errors too: unrecorded, the hash would cover only what was read and blame the card.
                        failure.set(e);
                    } finally {
                        filled.offer(END);
                    }
                });
        MessageDigest digest = newDigest();
        long done = 0;
        try {
            while (true) {
                ByteBuffer buffer = filled.poll(250, TimeUnit.MILLISECONDS);
                if (buffer == null) {
                    observer.progress(Step.VERIFY, done, size, 0);
                    continue;
                }
                if (buffer == END) {
                    break;
                }
                if (done == 0) {
                    buffer.put(0, head, 0, Math.min(head.length, buffer.remaining()));
                }
                done += buffer.remaining();
                digest.update(buffer);
                free.add(buffer);
                observer.progress(Step.VERIFY, done, size, 0);
            }
            reader.join();
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while verifying", e);
        } catch (RuntimeException | Error e) {
            stop(reader);
            throw new StepFailure(Step.VERIFY, "verifying the card failed: " + e);
        }
        if (failure.get() instanceof IOException e) {
            throw e;
        }
        if (failure.get() != null) {
            throw new IOException("reading the card back failed: " + failure.get(), failure.get());
        }
        return digest.digest();
    }

    /** Ends the reader of an abandoned pass: it waits on the buffer queues, which an interrupt ends. */
    private static void stop(Thread reader) {
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
