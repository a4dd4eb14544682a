package io.klaxon.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes everything on to the console unchanged and checks each complete line as it goes by, keeping
 * only the lines that hold a secret (redacted, and at most {@value #KEPT}): a storm test's output is
 * scanned without being held in memory.
 */
final class ScanningStream extends OutputStream {

    static final int KEPT = 20;

    private final OutputStream console;
    private final SecretPatterns patterns;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<String> findings = new ArrayList<>();
    private long lines;
    private long offending;

    ScanningStream(OutputStream console, SecretPatterns patterns) {
        this.console = console;
        this.patterns = patterns;
    }

    @Override
    public void write(int b) throws IOException {
        console.write(b);
        synchronized (line) {
            accept(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        console.write(b, off, len);
        synchronized (line) {
            for (int i = off; i < off + len; i++) {
                accept(b[i]);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        console.flush();
    }

    /** Checks what is left after the last newline; the scan is complete afterwards. */
    void finish() {
        synchronized (line) {
            if (line.size() > 0) {
                check();
            }
        }
    }

    long lines() {
        synchronized (line) {
            return lines;
        }
    }

    long offending() {
        synchronized (line) {
            return offending;
        }
    }

    List<String> findings() {
        synchronized (line) {
            return List.copyOf(findings);
        }
    }

    private void accept(int b) {
        if (b == '\n') {
            check();
        } else {
            line.write(b);
        }
    }

    private void check() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines++;
        List<String> found = patterns.findIn(text);
        if (!found.isEmpty()) {
            offending++;
            if (findings.size() < KEPT) {
                findings.add(String.join(", ", found) + ": " + patterns.redact(text));
            }
        }
    }
}
