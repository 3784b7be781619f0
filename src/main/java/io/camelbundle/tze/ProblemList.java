package io.camelbundle.tze;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems an invalid request or message reports, bounded: they are the caller's text (field names, ids)
 * and go into HTTP replies, report files and logs, so a line of a million bad entries must not become a
 * reason twenty times its size.
 */
final class ProblemList {

    /** Problems kept; the rest are counted in a last entry. */
    static final int MAX_PROBLEMS = 20;
    /** Characters kept of one problem. */
    static final int MAX_PROBLEM_LENGTH = 300;

    private ProblemList() {
    }

    /** At most {@link #MAX_PROBLEMS} problems, each cut at {@link #MAX_PROBLEM_LENGTH}, then how many more. */
    static List<String> bounded(List<String> problems) {
        List<String> kept = new ArrayList<>(Math.min(problems.size(), MAX_PROBLEMS + 1));
        for (String problem : problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS))) {
            kept.add(problem.length() <= MAX_PROBLEM_LENGTH ? problem
                    : problem.substring(0, MAX_PROBLEM_LENGTH) + "...");
        }
        if (problems.size() > MAX_PROBLEMS) {
            kept.add("and " + (problems.size() - MAX_PROBLEMS) + " more problems");
        }
        return List.copyOf(kept);
    }
}
