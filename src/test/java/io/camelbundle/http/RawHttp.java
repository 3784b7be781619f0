package io.camelbundle.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * An HTTP/1.1 request written byte by byte on a socket of its own, for what a regular client will not do: declare
 * a body and send only part of it, or stream a chunked body, and see whether an answer comes before the body did.
 */
final class RawHttp implements AutoCloseable {

    /** The answer so far: status line, headers and whatever of the body arrived. */
    record Answer(int status, String text) {
        String body() {
            int start = text.indexOf("\r\n\r\n");
            if (start < 0) {
                return "";
            }
            String body = text.substring(start + 4);
            if (!text.substring(0, start).toLowerCase().contains("transfer-encoding: chunked")) {
                return body;
            }
            StringBuilder joined = new StringBuilder();
            int at = 0;
            int eol;
            while ((eol = body.indexOf("\r\n", at)) > 0) {
                int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
                if (size == 0) {
                    break;
                }
                joined.append(body, eol + 2, eol + 2 + size);
                at = eol + 2 + size + 2;
            }
            return joined.toString();
        }
    }

    private final Socket socket;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    static RawHttp open() throws IOException {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return new RawHttp(socket);
    }

    /** Writes the request line and headers ({@code name: value} lines). */
    RawHttp head(String method, String path, String... headers) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One chunk of a chunked body. */
    RawHttp chunk(byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    RawHttp lastChunk() throws IOException {
        return send("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads the answer until the server closes the connection or, keep-alive, the declared body is in; the read
     * gives up after the socket timeout with what it has.
     */
    Answer answer() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
                if (complete(received.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what arrived is the answer
        }
        String text = received.toString(StandardCharsets.UTF_8);
        int status = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
        return new Answer(status, text);
    }

    /** True when the server has closed the connection (read gives end of stream or a reset). */
    boolean closedByServer() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    RawHttp timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase();
        if (head.contains("transfer-encoding: chunked")) {
            return text.endsWith("0\r\n\r\n");
        }
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int eol = head.indexOf("\r\n", at);
        long length = Long.parseLong(head.substring(at + 15, eol < 0 ? head.length() : eol).trim());
        return text.getBytes(StandardCharsets.UTF_8).length - end - 4 >= length;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
