package io.camelbundle.tze;

import java.util.List;

/**
 * A send request ({@code {personIds, template or message, data}}) cannot be sent at all: malformed JSON,
 * missing fields, an unknown template, a placeholder without a value, a message breaking TZE's rules.
 * {@link #problems()} lists every problem; nothing was sent.
 */
public class InvalidTzeRequestException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidTzeRequestException(List<String> problems) {
        super("invalid TZE send request: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
