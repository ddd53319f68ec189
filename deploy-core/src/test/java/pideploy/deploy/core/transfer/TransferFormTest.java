package pideploy.deploy.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransferFormTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final TransferForm PENDING =
            TransferForm.pending("kxp2-1.0-pi.img", TransferForm.ZSTD_RANGES_V1, T0);

    @Test
    void goesFromPendingThroughPreparingToReadyWithProgress() {
        TransferForm preparing = PENDING.preparing(1024, 4096, T0.plusSeconds(1));
        TransferForm ready =
                preparing.ready(TransferFormRepositoryContract.prepared("kxp2-1.0-pi.img"), T0.plusSeconds(2));

        assertThat(PENDING.progress()).isZero();
        assertThat(preparing.progress()).isEqualTo(0.25);
        assertThat(ready.isReady()).isTrue();
        assertThat(ready.progress()).isEqualTo(1.0);
        assertThat(ready.bytesDone()).isEqualTo(ready.bytesTotal()).isEqualTo(40_960);
    }

    @Test
    void keepsTheProgressAndNamesTheReasonWhenFailed() {
        TransferForm failed = PENDING.preparing(100, 200, T0).failed("disk full", T0);

        assertThat(failed.state()).isEqualTo(TransferState.FAILED);
        assertThat(failed.reason()).isEqualTo("disk full");
        assertThat(failed.bytesDone()).isEqualTo(100);
        assertThat(failed.prepared()).isEmpty();
    }

    @Test
    void refusesInconsistentRecords() {
        assertThatThrownBy(() -> PENDING.failed(" ", T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> PENDING.preparing(5, 4, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 of 4");
        assertThatThrownBy(() -> new TransferForm(
                        "kxp2-1.0-pi.img",
                        TransferForm.ZSTD_RANGES_V1,
                        TransferState.READY,
                        0,
                        0,
                        "",
                        Optional.empty(),
                        T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("present exactly when ready, state is ready");
        assertThatThrownBy(() -> TransferForm.pending("../etc/passwd", TransferForm.ZSTD_RANGES_V1, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransferFile("a.img.zranges", 1, "XYZ"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'XYZ'");
    }

    @Test
    void parsesStatesByWireName() {
        assertThat(TransferState.parse("Preparing")).isEqualTo(TransferState.PREPARING);
        assertThatThrownBy(() -> TransferState.parse("done"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pending, preparing, ready or failed, got 'done'");
    }

    @Test
    void derivedNamesTooLongForTheStoreAreRefusedNotShortened() {
        String longName = "k".repeat(191) + ".img";

        assertThat(DerivedFile.BMAP.nameFor(longName)).isEqualTo(longName + ".bmap");
        assertThatThrownBy(() -> DerivedFile.INDEX.nameFor(longName)).isInstanceOf(IllegalArgumentException.class);
    }
}
