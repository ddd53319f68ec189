package pideploy.installer.core.customize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The NoCloud seed read back with a YAML parser (SnakeYAML, YAML 1.1 like cloud-init's PyYAML): values round-trip. */
class CloudInitSeedTest {
    private static final String URL = "http://10.42.0.1:5001/api/status";

    private static Map<String, Object> yaml(byte[] text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(text, StandardCharsets.UTF_8));
    }

    @Test
    void everyScalarReadsBackAsTheSameString() {
        for (String value : List.of(
                "KXP2-CORO-001",
                "a: b",
                "x # not a comment",
                "#start",
                "ON",
                "no",
                "Yes",
                "null",
                "~",
                "1E3",
                "0x1F",
                "123",
                "1_000",
                "",
                " leading",
                "trailing ",
                "it's \"quoted\" \\ back",
                "line\nbreak",
                "tab\there",
                "- item",
                "[a]",
                "{a: 1}",
                "*ref",
                "&anchor",
                "!tag",
                "%dir",
                "@x",
                "`x",
                "ünïcode",
                "? key",
                "| block",
                "> folded",
                "2026-12-03")) {
            Object read = yaml(("key: " + YamlScalar.of(value) + "\n").getBytes(StandardCharsets.UTF_8))
                    .get("key");
            assertThat(read)
                    .as("'%s' written as %s", value, YamlScalar.of(value))
                    .isEqualTo(value);
        }
    }

    @Test
    void plainHostnamesStayPlain() {
        assertThat(YamlScalar.of("KXP2-CORO-001")).isEqualTo("KXP2-CORO-001");
        assertThat(YamlScalar.of("ON")).isEqualTo("\"ON\"");
        assertThat(YamlScalar.of("a: b")).isEqualTo("\"a: b\"");
    }

    @Test
    void theSeedsHostnameAndInstanceIdRoundTripEvenWhenYamlWouldReadThemOtherwise() {
        for (String hostname : List.of("KXP2-CORO-001", "1E3", "ON", "123")) {
            FirstBootIdentity id = new FirstBootIdentity(hostname, "42", "10000000abcdef01", URL);

            Map<String, Object> user = yaml(CloudInitSeed.userData(id));
            Map<String, Object> meta = yaml(CloudInitSeed.metaData(id, "pideploy-42-1764750000000"));

            assertThat(user.get("hostname")).isEqualTo(hostname);
            assertThat(user.get("manage_etc_hosts")).isEqualTo(true);
            assertThat(meta.get("local-hostname")).isEqualTo(hostname);
            assertThat(meta.get("instance-id")).isEqualTo("pideploy-42-1764750000000");
        }
    }

    @Test
    void thePhoneHomeScriptInTheSeedIsExactlyTheScript() {
        FirstBootIdentity id = new FirstBootIdentity(
                "KXP2-CORO-001", "42", "10000000abcdef01", URL, "q3Vb0y2lLQm6nT0m1cQ8Ck9iXc2v8m0r3Hk5pWz7s1A");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files =
                (List<Map<String, Object>>) yaml(CloudInitSeed.userData(id)).get("write_files");

        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.get("path")).isEqualTo("/usr/local/sbin/pideploy-phone-home");
            assertThat(f.get("content")).isEqualTo(FirstRunScript.phoneHome(id, false));
            assertThat((String) f.get("content")).contains("\"device_secret\":\"" + id.deviceSecret() + "\"");
        });
    }
}
