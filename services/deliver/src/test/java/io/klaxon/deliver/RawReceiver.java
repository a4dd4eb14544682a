package io.klaxon.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver on 127.0.0.1 that runs one script per connection, on its own thread, on raw sockets: what a
 * destination that answers slowly, a byte at a time, wrongly or never looks like to the sender
 * ({@code Exchange::hold} takes the request and never answers).
 */
public final class RawReceiver implements AutoCloseable {

    public interface Script {
        void run(Exchange exchange) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public RawReceiver(Script script) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Thread.ofVirtual().start(() -> {
                        try {
                            script.run(new Exchange(socket, requests));
                        } catch (IOException | InterruptedException ended) {
                            // The client closed first: the script's part is over.
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    public String url() {
        return url("/hook");
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** Requests read whole by the scripts. */
    public int requests() {
        return requests.get();
    }

    /** Connections the sender opened (one per attempt). */
    public int connections() {
        return sockets.size();
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One connection, as a script sees it. */
    public record Exchange(Socket socket, AtomicInteger requests) {

        /** Reads one request: its request line, its headers, then its body (by Content-Length) as the last line. */
        public List<String> readRequest() throws IOException {
            InputStream in = socket.getInputStream();
            List<String> lines = new ArrayList<>();
            int length = 0;
            String line;
            while (!(line = line(in)).isEmpty()) {
                lines.add(line);
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            lines.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            requests.incrementAndGet();
            return lines;
        }

        /** One CRLF-ended line of the request's head; an IOException when the client closed first. */
        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("the client closed the connection");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        public void write(String text) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        public void trickle(String text, long everyMs) throws IOException, InterruptedException {
            readRequest();
            OutputStream out = socket.getOutputStream();
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
                out.flush();
                Thread.sleep(everyMs);
            }
        }

        public void hold() throws IOException, InterruptedException {
            readRequest();
            Thread.sleep(30_000);
        }

        public void closeNow() throws IOException {
            socket.close();
        }
    }
}
