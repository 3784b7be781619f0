package io.camelbundle.support.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.util.Timeout;

/**
 * What every Camel HTTP endpoint that calls a vendor gets through {@code httpClientConfigurer=#<vendor>Http}:
 * <ul>
 * <li>The endpoint's {@code responseTimeout} bounds the <em>whole</em> call: connecting, waiting, and reading
 * the body. Apache HttpClient's own timeouts apply per socket read, so an answer that drips one byte a second
 * would otherwise never time out. When the time is up the request is aborted (the connection is closed) and
 * the caller gets a {@link CallTimeoutException}.</li>
 * <li>The answer is read up to {@code <vendor>.max-answer-bytes} (after content decoding); a larger one is
 * refused with {@link AnswerTooLargeException} and its connection closed instead of drained.</li>
 * <li>No automatic retries inside the client: retries are the routes' redelivery policies, visible in YAML.</li>
 * </ul>
 */
public final class CallLimits implements HttpClientConfigurer {

    /** One thread fires the deadlines of all vendor calls; it only aborts requests, never waits. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vendor-call-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private final String vendor;
    private final long maxAnswerBytes;

    public CallLimits(String vendor, long maxAnswerBytes) {
        if (maxAnswerBytes <= 0) {
            throw new IllegalArgumentException(vendor + ".max-answer-bytes must be positive, was " + maxAnswerBytes);
        }
        this.vendor = vendor;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    public String vendor() {
        return vendor;
    }

    public long maxAnswerBytes() {
        return maxAnswerBytes;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.addExecInterceptorFirst("bundle-call-limits", (ExecChainHandler) this::execute);
    }

    ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        Deadline deadline = Deadline.start(vendor, responseTimeout(scope), abort(scope));
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException e) {
            deadline.cancel();
            throw deadline.translate(e);
        } catch (HttpException | RuntimeException e) {
            deadline.cancel();
            throw e;
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            deadline.cancel();
            return response;
        }
        if (entity.getContentLength() > maxAnswerBytes) {
            deadline.cancel();
            abort(scope).run();
            throw new AnswerTooLargeException(vendor, maxAnswerBytes);
        }
        response.setEntity(new LimitedEntity(entity, deadline, abort(scope)));
        return response;
    }

    private static long responseTimeout(ExecChain.Scope scope) {
        RequestConfig config = scope.clientContext.getRequestConfig();
        Timeout timeout = config == null ? null : config.getResponseTimeout();
        return timeout == null || timeout.isDisabled() ? 0 : timeout.toMilliseconds();
    }

    /** Aborting the request closes its connection in whatever phase it is: leasing, connecting or reading. */
    private static Runnable abort(ExecChain.Scope scope) {
        return scope.originalRequest instanceof Cancellable cancellable ? cancellable::cancel
                : scope.execRuntime::discardEndpoint;
    }

    /** The deadline of one call; fires at most once and is cancelled when the answer has been read. */
    static final class Deadline {

        private static final Deadline NONE = new Deadline("", 0, null);

        private final String vendor;
        private final long timeoutMillis;
        private final AtomicBoolean expired = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;

        private Deadline(String vendor, long timeoutMillis, Runnable onExpiry) {
            this.vendor = vendor;
            this.timeoutMillis = timeoutMillis;
            if (onExpiry != null) {
                this.timer = DEADLINES.schedule(() -> {
                    expired.set(true);
                    onExpiry.run();
                }, timeoutMillis, TimeUnit.MILLISECONDS);
            }
        }

        static Deadline start(String vendor, long timeoutMillis, Runnable onExpiry) {
            return timeoutMillis <= 0 ? NONE : new Deadline(vendor, timeoutMillis, onExpiry);
        }

        void cancel() {
            ScheduledFuture<?> pending = timer;
            if (pending != null) {
                pending.cancel(false);
                timer = null;
            }
        }

        /** After the deadline fired, whatever the aborted I/O threw means "no complete answer in time". */
        IOException translate(IOException failure) {
            if (failure instanceof CallTimeoutException) {
                return failure;
            }
            // a per-read timeout of the client is the same limit seen from a single read
            if (expired.get() || failure instanceof SocketTimeoutException) {
                CallTimeoutException timeout = new CallTimeoutException(vendor, timeoutMillis);
                timeout.initCause(failure);
                return timeout;
            }
            return failure;
        }
    }

    /** The answer's entity, read through a stream that counts bytes and honours the deadline. */
    private final class LimitedEntity extends HttpEntityWrapper {

        private final Deadline deadline;
        private final Runnable abort;

        LimitedEntity(HttpEntity wrapped, Deadline deadline, Runnable abort) {
            super(wrapped);
            this.deadline = deadline;
            this.abort = abort;
        }

        @Override
        public InputStream getContent() throws IOException {
            InputStream content;
            try {
                content = super.getContent();
            } catch (IOException e) {
                deadline.cancel();
                throw deadline.translate(e);
            }
            return content == null ? null : new LimitedStream(content, deadline, abort);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                if (in != null) {
                    in.transferTo(out);
                }
            }
        }
    }

    private final class LimitedStream extends FilterInputStream {

        private final Deadline deadline;
        private final Runnable abort;
        private long count;

        LimitedStream(InputStream in, Deadline deadline, Runnable abort) {
            super(in);
            this.deadline = deadline;
            this.abort = abort;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                deadline.cancel();
                throw deadline.translate(e);
            }
            if (b < 0) {
                deadline.cancel();
            } else {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                deadline.cancel();
                throw deadline.translate(e);
            }
            if (n < 0) {
                deadline.cancel();
            } else {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // skipping still transfers the bytes: count them like reads
            byte[] sink = new byte[(int) Math.min(8192, Math.max(n, 0))];
            long skipped = 0;
            while (skipped < n) {
                int read = read(sink, 0, (int) Math.min(sink.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        private void counted(int n) throws AnswerTooLargeException {
            count += n;
            if (count > maxAnswerBytes) {
                deadline.cancel();
                abort.run();
                throw new AnswerTooLargeException(vendor, maxAnswerBytes);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } catch (IOException e) {
                throw deadline.translate(e);
            } finally {
                deadline.cancel();
            }
        }
    }
}
