package pideploy.deploy.core.report;

import java.util.List;
import java.util.Objects;

/**
 * One report: what was asked, the column names, and rows of cells in column order. The same table is served as
 * JSON, as CSV and printed by the CLI, so the three never disagree.
 *
 * @param kind    which report
 * @param filter  the period and scope it covers
 * @param columns column names, snake_case
 * @param rows    rows, each with one cell per column
 */
public record Report(ReportKind kind, ReportFilter filter, List<String> columns, List<List<Cell>> rows) {
    public Report {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(filter, "filter");
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<Cell> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("report %s: a row has %d cells for %d columns"
                        .formatted(kind.wireName(), row.size(), columns.size()));
            }
        }
    }

    /** The cell of {@code column} in row {@code row}. */
    public Cell cell(int row, String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "report %s has no column '%s'; it has %s".formatted(kind.wireName(), column, columns));
        }
        return rows.get(row).get(i);
    }
}
