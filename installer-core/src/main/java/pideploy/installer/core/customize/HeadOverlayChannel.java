package pideploy.installer.core.customize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;

/**
 * A read-only view of the card as it will be once the held-back head is written: the first {@code head.length}
 * bytes come from memory, the rest from the target. Lets the partition-table reader see the image's MBR (and a GPT
 * whose entries reach past the head) before the head is on the card.
 */
final class HeadOverlayChannel implements SeekableByteChannel {
    private final byte[] head;
    private final SeekableByteChannel target;
    private long position;
    private boolean open = true;

    HeadOverlayChannel(byte[] head, SeekableByteChannel target) {
        this.head = Objects.requireNonNull(head, "head");
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        long size = size();
        if (position >= size) {
            return -1;
        }
        int total = 0;
        while (dst.hasRemaining() && position < size) {
            int n;
            if (position < head.length) {
                n = (int) Math.min(dst.remaining(), head.length - position);
                dst.put(head, (int) position, n);
            } else {
                target.position(position);
                n = target.read(dst);
                if (n < 0) {
                    break;
                }
            }
            position += n;
            total += n;
        }
        return total == 0 && position >= size ? -1 : total;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("position must not be negative, was %d".formatted(newPosition));
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        return Math.max(head.length, target.size());
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        // The target belongs to the caller; only this view closes.
        open = false;
    }
}
