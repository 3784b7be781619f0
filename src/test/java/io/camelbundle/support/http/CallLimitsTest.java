package io.camelbundle.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Camel HTTP with {@link CallLimits} against a raw socket server that misbehaves on purpose: the configured
 * responseTimeout ends a call whose answer drips forever, and answers over the cap fail without being read.
 */
class CallLimitsTest {

    private CamelContext camel;
    private ProducerTemplate producer;
    private VendorServer server;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("testHttp", new CallLimits("test", 1024));
        camel.start();
        producer = camel.createProducerTemplate();
        server = new VendorServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        camel.stop();
    }

    private Exchange call(int responseTimeoutMillis) {
        String uri = "http://127.0.0.1:" + server.port()
                + "/x?throwExceptionOnFailure=false&httpClientConfigurer=#testHttp"
                + "&connectTimeout=1000&responseTimeout=" + responseTimeoutMillis;
        return producer.send(uri, e -> e.getMessage().setBody("ping"));
    }

    @Test
    void anAnswerThatDripsForeverEndsAtTheTimeout() throws Exception {
        // one body byte every 100 ms: each socket read succeeds well within the 600 ms timeout
        server.answer(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 1000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        });
        CompletableFuture<Exchange> call = CompletableFuture.supplyAsync(() -> call(600));
        assertThat(call).succeedsWithin(Duration.ofSeconds(30));
        Exchange exchange = call.join();
        assertThat(exchange.getException()).isInstanceOf(CallTimeoutException.class)
                .hasMessage("test gave no complete answer within 600 ms");
    }

    @Test
    void anAnswerWhoseHeadersNeverComeEndsAtTheTimeout() throws Exception {
        server.answer(out -> Thread.sleep(60_000));
        CompletableFuture<Exchange> call = CompletableFuture.supplyAsync(() -> call(500));
        assertThat(call).succeedsWithin(Duration.ofSeconds(30));
        assertThat(call.join().getException()).isInstanceOf(CallTimeoutException.class);
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedWithoutReading() throws Exception {
        server.answer(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 400000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(60_000);
        });
        Exchange exchange = call(5000);
        assertThat(exchange.getException()).isInstanceOf(AnswerTooLargeException.class)
                .hasMessageContaining("more than 1024 bytes");
    }

    @Test
    void aChunkedAnswerOverTheCapIsCutAtTheCap() throws Exception {
        AtomicInteger written = new AtomicInteger();
        server.answer(out -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("200\r\n" + "y".repeat(0x200) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 1_000_000; i++) {
                out.write(chunk);
                written.addAndGet(0x200);
            }
        });
        Exchange exchange = call(5000);
        assertThat(exchange.getException()).isInstanceOf(AnswerTooLargeException.class);
        assertThat(written.get()).isLessThan(512 * 1_000_000);
    }

    @Test
    void anAnswerWithinTheLimitsArrivesWhole() throws Exception {
        server.answer(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ret\": 0}\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
        Exchange exchange = call(2000);
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("{\"ret\": 0}\n");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
    }

    @Test
    void aFailedAnswerIsNotRetriedByTheClient() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        server.answer(out -> {
            requests.incrementAndGet();
            out.write("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
        Exchange exchange = call(2000);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(503);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void theCapMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CallLimits("om", 0))
                .hasMessageContaining("om.max-answer-bytes");
    }

    /** Accepts connections and answers each request with what the test scripts, after reading its head. */
    static final class VendorServer implements AutoCloseable {

        interface Answer {
            void write(OutputStream out) throws Exception;
        }

        private final ServerSocket socket = new ServerSocket(0);
        private volatile Answer answer;
        private final Thread acceptor;

        VendorServer() throws IOException {
            acceptor = new Thread(this::accept, "vendor-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        void answer(Answer answer) {
            this.answer = answer;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread handler = new Thread(() -> serve(client), "vendor-server-conn");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                readHead(in);
                answer.write(out);
            } catch (Exception e) {
                // the client closed the connection: what the limits are for
            }
        }

        private static void readHead(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int b;
            while (matched < 4 && (b = in.read()) >= 0) {
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            // the request body ("ping", 4 bytes) is small enough to be ignored
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
