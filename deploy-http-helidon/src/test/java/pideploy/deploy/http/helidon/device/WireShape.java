package pideploy.deploy.http.helidon.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import pideploy.wire.WireFixtures;

/**
 * Compares a body the server sends with a golden fixture of the wire module: the same field names at every level and
 * the same JSON types (string, integer, fractional number, boolean, object, array). Values may differ (ids,
 * timestamps, URLs), except for the fields named, whose values are part of the protocol.
 */
final class WireShape {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireShape() {}

    static JsonNode fixture(String name) {
        return fixture(WireFixtures.V1, name);
    }

    static JsonNode fixture(String version, String name) {
        return read(WireFixtures.bytes(version, name));
    }

    static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertMatches(JsonNode actual, String fixture, String... sameValues) {
        assertMatchesVersion(actual, WireFixtures.V1, fixture, sameValues);
    }

    static void assertMatchesVersion(JsonNode actual, String version, String fixture, String... sameValues) {
        JsonNode golden = fixture(version, fixture);
        compare(actual, golden, "$ (" + fixture + ")");
        for (String path : sameValues) {
            // As JSON text: 42 read as an int and 42 written as a long are the same on the wire.
            assertThat(actual.at(path).toString())
                    .as("%s in %s", path, fixture)
                    .isEqualTo(golden.at(path).toString());
        }
    }

    private static void compare(JsonNode actual, JsonNode golden, String path) {
        assertThat(type(actual)).as("JSON type of %s", path).isEqualTo(type(golden));
        if (golden.isObject()) {
            Set<String> names = new TreeSet<>();
            actual.fieldNames().forEachRemaining(names::add);
            Set<String> expected = new TreeSet<>();
            golden.fieldNames().forEachRemaining(expected::add);
            assertThat(names).as("field names of %s", path).isEqualTo(expected);
            for (String name : expected) {
                compare(actual.get(name), golden.get(name), path + "." + name);
            }
        } else if (golden.isArray() && !golden.isEmpty()) {
            assertThat(actual).as("elements of %s", path).isNotEmpty();
            for (int i = 0; i < actual.size(); i++) {
                compare(actual.get(i), golden.get(0), path + "[" + i + "]");
            }
        }
    }

    private static String type(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
