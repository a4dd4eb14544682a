package io.klaxon.ingest.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.ingest.Ignored;
import io.klaxon.ingest.NormalizeResult;
import io.klaxon.ingest.Normalizer;
import io.klaxon.ingest.UnreadableInputException;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * {@code ./klaxon normalize FILE…}: prints, as one JSON array on stdout, the events ingest would put on
 * the bus for the given files ({@code source}, {@code detail-type}, {@code detail}).
 *
 * <p>All or nothing: a file that cannot be read or understood gives one line on stderr, exit code 2
 * and nothing on stdout. Items that are deliberately not alerts (a configuration change,
 * INSUFFICIENT_DATA, a subscription confirmation) are noted on stderr and do not fail the run.
 *
 * <p>Starts no application context: the normalizer is plain Java, so the command answers in well
 * under a second.
 */
public final class NormalizeCommand {

    public static final int EXIT_UNREADABLE = 2;
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Argument<List<BusEvent<AlertSignal>>> EVENTS =
            (Argument) Argument.listOf(Argument.of(BusEvent.class, AlertSignal.class));

    private final PrintStream out;
    private final PrintStream err;
    private final IntConsumer exit;
    private final Clock clock;
    private final Normalizer normalizer = new Normalizer();

    public NormalizeCommand(PrintStream out, PrintStream err, IntConsumer exit, Clock clock) {
        this.out = out;
        this.err = err;
        this.exit = exit;
        this.clock = clock;
    }

    public static void main(String[] files) {
        new NormalizeCommand(System.out, System.err, System::exit, Clock.systemUTC()).run(files);
    }

    public void run(String[] files) {
        if (files.length == 0) {
            err.println("usage: klaxon normalize FILE… (prints the bus events ingest would publish for the files)");
            exit.accept(EXIT_UNREADABLE);
            return;
        }
        List<BusEvent<AlertSignal>> events = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String file : files) {
            String text;
            try {
                text = read(Path.of(file));
            } catch (IOException | RuntimeException e) {
                fail(file + ": cannot read: " + describe(e));
                return;
            }
            NormalizeResult result;
            try {
                result = normalizer.normalize(text, clock.instant());
            } catch (UnreadableInputException e) {
                fail(file + ": " + e.getMessage());
                return;
            }
            result.signals().forEach(s -> events.add(BusEvent.of(s)));
            for (Ignored ignored : result.ignored()) {
                notes.add(file + ": ignored " + ignored.item() + ": " + ignored.reason());
            }
            result.confirmation().ifPresent(c -> notes.add(file + ": SNS " + c.type() + " for topic "
                    + c.topicArn() + " (not an alert; visit its SubscribeURL to confirm)"));
        }
        String json;
        try {
            json = pretty(ObjectMapper.getDefault().writeValueAsString(EVENTS, events));
        } catch (IOException e) {
            fail("cannot write the events as JSON: " + describe(e));
            return;
        }
        notes.forEach(err::println);
        out.println(json);
        out.flush();
        exit.accept(0);
    }

    private void fail(String line) {
        err.println(line);
        exit.accept(EXIT_UNREADABLE);
    }

    /** Reads UTF-8 strictly: a binary or mis-encoded file is reported, not half-decoded. */
    private static String read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8 text", e);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e instanceof NoSuchFileException ? "no such file"
                : message == null ? e.getClass().getSimpleName() : message;
    }

    /** Re-indents compact JSON so the output reads well in a terminal and in docs. */
    private static String pretty(String compact) throws IOException {
        JsonFactory factory = new JsonFactory();
        StringWriter writer = new StringWriter();
        try (JsonParser parser = factory.createParser(compact);
             JsonGenerator generator = factory.createGenerator(writer).useDefaultPrettyPrinter()) {
            while (parser.nextToken() != null) {
                generator.copyCurrentEvent(parser);
            }
        }
        return writer.toString();
    }
}
