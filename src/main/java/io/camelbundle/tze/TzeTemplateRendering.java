package io.camelbundle.tze;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Renders a TZE message template, as a step usable alone ({@code - process: {ref: tzeRenderTemplate}} or
 * {@code kamelet:tze-render-template-action?template=<name>}): the header {@value #TEMPLATE} names a template
 * under {@code tze.templates-dir}, the body is its data (a JSON object as text, a Map, or empty), and the body
 * becomes the rendered message as JSON text, not yet validated (direct:tze-send validates it next). A template
 * that does not exist or cannot be rendered with the data fails with {@link InvalidTzeRequestException} naming
 * every problem.
 */
public class TzeTemplateRendering implements Processor {

    /** Header in: the template's name. */
    public static final String TEMPLATE = "TzeTemplate";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TzeTemplates templates;

    public TzeTemplateRendering(TzeTemplates templates) {
        this.templates = templates;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String name = message.getHeader(TEMPLATE, String.class);
        if (name == null || name.isBlank()) {
            throw new InvalidTzeRequestException(List.of("template: the header " + TEMPLATE + " names no template"));
        }
        try {
            message.setBody(templates.render(name.trim(), data(message)).toString());
        } catch (InvalidTzeMessageException e) {
            throw new InvalidTzeRequestException(e.problems());
        }
    }

    private static JsonNode data(Message message) {
        Object body = message.getBody();
        if (body instanceof Map<?, ?> map) {
            return JSON.valueToTree(map);
        }
        String text = message.getBody(String.class);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new InvalidTzeRequestException(List.of("data: the body is not JSON"));
        }
    }
}
