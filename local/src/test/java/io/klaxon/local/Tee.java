package io.klaxon.local;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes to the console as before and records what was written: the tests that look at every log
 * line the functions print put it in place of {@code System.out}/{@code System.err}.
 */
final class Tee extends OutputStream {

    private final OutputStream first;
    private final OutputStream second;

    /**
     * @param first  the console (written as is)
     * @param second the record (written under its own lock: functions log from many threads)
     */
    Tee(OutputStream first, OutputStream second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
        first.write(b);
        synchronized (second) {
            second.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        first.write(b, off, len);
        synchronized (second) {
            second.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        first.flush();
    }
}
