package io.klaxon.domain.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a function's cold-start probe against the function's package, the shaded {@code -lambda} jar that
 * {@code sam build} extracts into {@code /var/task}, in a JVM of its own: what Lambda loads, not the module's
 * {@code target/classes} and dependency jars the other tests run on. The shade step leaves some Micronaut
 * entries out of the package (the root pom), so only a run from the package shows that the function still
 * starts and answers. For each service's {@code PackagedFunctionIT}, which the failsafe plugin runs after
 * {@code package}.
 *
 * <p>The probe's class path: the package, the module's test classes (the probe and its in-memory ports) and
 * the Klaxon test jars the test class path holds (fixtures, the Slack stub); no other dependency jar, so a
 * class or entry missing from the package is missing here too.
 */
public final class PackagedFunction {

    private static final long TIMEOUT_SECONDS = 120;

    /** What the probe printed and how its process ended. */
    public record Run(int exitCode, String output) {

        /** The first invocation's reply JSON, or an empty string when the probe printed none. */
        public String reply() {
            return output.lines().filter(line -> line.startsWith(ColdStart.REPLY))
                    .map(line -> line.substring(ColdStart.REPLY.length())).findFirst().orElse("");
        }
    }

    private PackagedFunction() {
    }

    /**
     * Runs {@code io.klaxon.<function>.coldstart.ColdStartProbe} from the module's package.
     *
     * @param function the service module's name ({@code notify}, …); the working directory is its module
     */
    public static Run probe(String function, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classPath(),
                "io.klaxon." + function + ".coldstart.ColdStartProbe"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("packaged-" + function, ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // The probes make no AWS call; this keeps a stray credential or region lookup off the network.
            builder.environment().putAll(java.util.Map.of("AWS_EC2_METADATA_DISABLED", "true",
                    "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "packaged", "AWS_SECRET_ACCESS_KEY", "packaged"));
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(function + "'s packaged probe did not end within "
                        + TIMEOUT_SECONDS + " s:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(lambdaJar().toString());
        entries.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("klaxon-") && name.endsWith("-tests.jar")) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path lambdaJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith("-lambda.jar")).toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one -lambda.jar in " + Path.of("target").toAbsolutePath()
                        + " (built by `package`), found " + jars);
            }
            return jars.getFirst().toAbsolutePath();
        }
    }
}
