package pideploy.deploy.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.transfer.port.TransferFormRepository;

/** Contract of {@link TransferFormRepository}: every implementation, the fake included, passes it. */
public abstract class TransferFormRepositoryContract {
    protected static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123456789Z");
    protected TransferFormRepository forms;

    /** A fresh, empty repository. */
    protected abstract TransferFormRepository newRepository();

    /** Makes {@code fileName} a registered image where the store checks that (nothing for the fake). */
    protected abstract void registerImage(String fileName);

    @BeforeEach
    void open() {
        forms = newRepository();
        registerImage("kxp2-1.0-pi.img");
        registerImage("rxp2-2.0-pi.img");
    }

    static PreparedForm prepared(String image) {
        return new PreparedForm(
                40_960,
                1_234,
                3,
                new TransferFile(image + ".zranges.json", 456, "a1".repeat(32)),
                new TransferFile(image + ".zranges", 1_234, "b2".repeat(32)),
                new TransferFile(image + ".bmap", 789, "c3".repeat(32)));
    }

    @Test
    void findsNothingForAnImageWithoutRecord() {
        assertThat(forms.find("kxp2-1.0-pi.img")).isEmpty();
        assertThat(forms.list()).isEmpty();
    }

    @Test
    void keepsEveryFieldOfAReadyForm() {
        TransferForm ready = TransferForm.pending("kxp2-1.0-pi.img", TransferForm.ZSTD_RANGES_V1, T0)
                .ready(prepared("kxp2-1.0-pi.img"), T0.plusSeconds(5));
        forms.save(ready);

        assertThat(forms.find("kxp2-1.0-pi.img")).contains(ready);
    }

    @Test
    void keepsWhereTheBlockMapOfAReadyFormCameFrom() {
        PreparedForm computed = prepared("kxp2-1.0-pi.img");
        PreparedForm imported = new PreparedForm(
                computed.mappedBytes(),
                computed.compressedBytes(),
                computed.segments(),
                computed.index(),
                computed.data(),
                computed.bmap(),
                MapSource.IMPORTED);
        forms.save(TransferForm.pending("kxp2-1.0-pi.img", TransferForm.ZSTD_RANGES_V1, T0)
                .ready(imported, T0));
        forms.save(TransferForm.pending("rxp2-2.0-pi.img", TransferForm.ZSTD_RANGES_V1, T0)
                .ready(prepared("rxp2-2.0-pi.img"), T0));

        assertThat(forms.find("kxp2-1.0-pi.img")
                        .orElseThrow()
                        .prepared()
                        .orElseThrow()
                        .mapSource())
                .isEqualTo(MapSource.IMPORTED);
        assertThat(forms.find("rxp2-2.0-pi.img")
                        .orElseThrow()
                        .prepared()
                        .orElseThrow()
                        .mapSource())
                .isEqualTo(MapSource.COMPUTED);
    }

    @Test
    void replacesTheRecordOfTheSameImageThroughEveryState() {
        TransferForm pending = TransferForm.pending("kxp2-1.0-pi.img", TransferForm.ZSTD_RANGES_V1, T0);
        forms.save(pending);
        TransferForm preparing = pending.preparing(4096, 40_960, T0.plusSeconds(1));
        forms.save(preparing);
        assertThat(forms.find("kxp2-1.0-pi.img")).contains(preparing);

        TransferForm failed = preparing.failed("image file is 3 bytes but was registered with 4", T0.plusSeconds(2));
        forms.save(failed);

        assertThat(forms.find("kxp2-1.0-pi.img")).contains(failed);
        assertThat(forms.find("kxp2-1.0-pi.img").orElseThrow().bytesDone()).isEqualTo(4096);
        assertThat(forms.list()).containsExactly(failed);
    }

    @Test
    void listsEveryImageByFileName() {
        TransferForm second = TransferForm.pending("rxp2-2.0-pi.img", TransferForm.ZSTD_RANGES_V1, T0);
        TransferForm first = TransferForm.pending("kxp2-1.0-pi.img", TransferForm.ZSTD_RANGES_V1, T0)
                .preparing(0, 0, T0);
        forms.save(second);
        forms.save(first);

        assertThat(forms.list()).containsExactly(first, second);
        assertThat(forms.find("other.img")).isEqualTo(Optional.empty());
    }
}
