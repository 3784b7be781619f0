package io.camelbundle.tze;

import java.util.List;

/**
 * A TZE message broke the rules: {@link #problems()} lists the problems (the first
 * {@value ProblemList#MAX_PROBLEMS}, then how many more), each as {@code <json path>: <what>} (e.g.
 * {@code oa.head.text: 256 characters, at most 255}), so a sender fixes them all in one go. A message that raised
 * this is never sent.
 */
public class InvalidTzeMessageException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidTzeMessageException(List<String> problems) {
        this.problems = ProblemList.bounded(problems);
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        return "invalid TZE message: " + String.join("; ", problems);
    }
}
