package pideploy.deploy.http.helidon.manage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolImportTextTest {
    @Test
    void putsAPastedListOnOneBoundedLine() {
        assertThat(PoolImportText.forAudit("12\n14 15,\r\n16\n\n20 - 22\n")).isEqualTo("12, 14 15, 16, 20 - 22");
        assertThat(PoolImportText.forAudit("1-50,77")).isEqualTo("1-50,77");
        assertThat(PoolImportText.forAudit("1\n".repeat(1000)))
                .hasSize(PoolImportText.MAX + 1)
                .endsWith("…")
                .doesNotContain("\n");
    }
}
