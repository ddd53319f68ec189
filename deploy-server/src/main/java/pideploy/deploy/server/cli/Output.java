package pideploy.deploy.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.manage.DeploymentApi;

/**
 * The {@code --format} option of list commands and the three renderings: an aligned table for people, JSON (the same
 * shapes as the management API) and CSV for scripts and spreadsheets.
 */
public final class Output {
    /** How lists are printed. */
    public enum Format {
        table,
        json,
        csv
    }

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.table;

    /** Prints views (records) as rows; columns are the views' JSON field names in order. */
    void print(PrintWriter out, List<?> rows, List<String> columns) {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = Json.MAPPER.convertValue(row, LinkedHashMap.class);
            maps.add(m);
        }
        switch (format) {
            case json -> {
                try {
                    out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("cannot render JSON", e);
                }
            }
            case csv -> {
                out.print(String.join(",", columns) + "\r\n");
                for (Map<String, Object> m : maps) {
                    List<String> cells = new ArrayList<>();
                    for (String c : columns) {
                        cells.add(DeploymentApi.csvCell(m.get(c)));
                    }
                    out.print(String.join(",", cells) + "\r\n");
                }
            }
            case table -> table(out, maps, columns);
        }
        out.flush();
    }

    static void table(PrintWriter out, List<Map<String, Object>> rows, List<String> columns) {
        if (rows.isEmpty()) {
            out.println("(none)");
            return;
        }
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            width[i] = columns.get(i).length();
            for (Map<String, Object> r : rows) {
                width[i] = Math.max(width[i], cell(r.get(columns.get(i))).length());
            }
        }
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            head.append(pad(columns.get(i).toUpperCase(java.util.Locale.ROOT), width[i], i == columns.size() - 1));
        }
        out.println(head.toString().stripTrailing());
        for (Map<String, Object> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                line.append(pad(cell(r.get(columns.get(i))), width[i], i == columns.size() - 1));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String cell(Object v) {
        if (v == null) {
            return "-";
        }
        String s = v.toString().replace('\n', ' ').replace('\r', ' ');
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static String pad(String s, int width, boolean last) {
        return last ? s : s + " ".repeat(width - s.length() + 2);
    }
}
