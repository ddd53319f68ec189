package pideploy.installer.core.workflow;

import java.nio.ByteBuffer;

/** Direct buffers aligned to 64 KiB, which satisfies O_DIRECT on any page size a Pi kernel uses (4 or 16 KiB). */
final class AlignedBuffers {
    private AlignedBuffers() {}

    static ByteBuffer allocate(int size) {
        return ByteBuffer.allocateDirect(size + TransferSettings.ALIGNMENT)
                .alignedSlice(TransferSettings.ALIGNMENT)
                .limit(size)
                .slice();
    }
}
