package pideploy.deploy.core.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines that differ between two versions of a hook, as a unified diff's body: {@code " "} kept, {@code "-"}
 * removed, {@code "+"} added, in order (a longest-common-subsequence diff; scripts are at most 64 KiB, so the table
 * stays small enough).
 */
public final class HookDiff {
    private static final int MAX_LINES = 4000;

    private HookDiff() {}

    /** The diff from {@code from} to {@code to}, one entry per line with its one-character mark. */
    public static List<String> lines(HookScript from, HookScript to) {
        List<String> a = from.text().lines().toList();
        List<String> b = to.text().lines().toList();
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            throw new IllegalArgumentException("hooks of more than %d lines are not diffed".formatted(MAX_LINES));
        }
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                out.add(" " + a.get(i++));
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                out.add("-" + a.get(i++));
            } else {
                out.add("+" + b.get(j++));
            }
        }
        while (i < a.size()) {
            out.add("-" + a.get(i++));
        }
        while (j < b.size()) {
            out.add("+" + b.get(j++));
        }
        return out;
    }
}
