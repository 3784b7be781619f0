package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The bound on a queued message's body, counted in UTF-8 bytes as the file drops count a record. */
class QueueMessageBodyTest {

    private final QueueMessageBody reader = new QueueMessageBody();

    private Exchange read(Object body, long maxBytes) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        reader.read(exchange, maxBytes);
        return exchange;
    }

    @Test
    void textIsCountedInUtf8Bytes() throws Exception {
        for (String text : new String[]{"abc", "é", "快报", "🎬"}) {
            assertThat(QueueMessageBody.utf8Length(text)).as(text)
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void aBodyAtTheLimitIsReadAndOneByteMoreIsRefusedAsReceived() throws Exception {
        Exchange atLimit = read("快报", 6);
        assertThat(atLimit.getProperty(QueueMessageBody.REFUSAL)).isNull();
        assertThat(atLimit.getMessage().getBody()).isEqualTo("快报");

        Exchange over = read("快报!", 6);
        assertThat(over.getProperty(QueueMessageBody.REFUSAL))
                .isEqualTo("too_large: the message is 7 bytes, more than the limit of 6");
        assertThat(over.getMessage().getBody()).isEqualTo("快报!");

        Exchange bytes = read(new byte[7], 6);
        assertThat(bytes.getProperty(QueueMessageBody.REFUSAL, String.class)).startsWith("too_large: the message is 7");
        assertThat(read(new byte[6], 6).getProperty(QueueMessageBody.REFUSAL)).isNull();
    }
}
