package io.camelbundle.tze;

import java.util.List;

/**
 * A send request ({@code {personIds, template or message, data}}) cannot be sent at all: malformed JSON,
 * missing fields, an unknown template, a placeholder without a value, a message breaking TZE's rules.
 * {@link #problems()} lists the problems (the first {@value ProblemList#MAX_PROBLEMS}, then how many more);
 * nothing was sent.
 */
public class InvalidTzeRequestException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidTzeRequestException(List<String> problems) {
        this.problems = ProblemList.bounded(problems);
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        return "invalid TZE send request: " + String.join("; ", problems);
    }
}
