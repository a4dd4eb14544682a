package io.klaxon.local;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Scans everything a test class of the local module writes to standard output and standard error
 * (where the functions' log lines and EMF metrics go, as in Lambda) for the bot token, the signing
 * secret and task tokens, and fails the class if a line holds one. Registered for every test class of
 * the module (src/test/resources/META-INF/services, {@code junit.jupiter.extensions.autodetection}), so
 * each end-to-end test (alarm, clicks, slash commands, Slack refusing, hostile input, storm, …) is
 * scanned, and any added later too. What counts as a secret: {@link SecretPatterns}. The Node runner's
 * own lines are among them: {@code NodeRunner} forwards its stderr through {@code System.err}.
 */
public final class LogSecretsScan implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LogSecretsScan.class);

    private record Scan(PrintStream out, PrintStream err, ScanningStream scannedOut, ScanningStream scannedErr) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        SecretPatterns patterns = new SecretPatterns(signingSecrets(context.getRequiredTestClass()),
                SecretPatterns.taskTokenLength(repositoryRoot().resolve("statemachines/local/runtime.mjs")));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ScanningStream scannedOut = new ScanningStream(out, patterns);
        ScanningStream scannedErr = new ScanningStream(err, patterns);
        context.getStore(NAMESPACE).put(context.getUniqueId(), new Scan(out, err, scannedOut, scannedErr));
        System.setOut(new PrintStream(scannedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(scannedErr, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Scan scan = context.getStore(NAMESPACE).remove(context.getUniqueId(), Scan.class);
        System.out.flush();
        System.err.flush();
        System.setOut(scan.out());
        System.setErr(scan.err());
        scan.scannedOut().finish();
        scan.scannedErr().finish();
        long lines = scan.scannedOut().lines() + scan.scannedErr().lines();
        long offending = scan.scannedOut().offending() + scan.scannedErr().offending();
        if (offending > 0) {
            StringBuilder message = new StringBuilder().append(context.getRequiredTestClass().getSimpleName())
                    .append(": ").append(offending).append(" of ").append(lines)
                    .append(" lines written to stdout/stderr hold a secret (first ones, redacted):");
            scan.scannedOut().findings().forEach(f -> message.append("\n  stdout ").append(f));
            scan.scannedErr().findings().forEach(f -> message.append("\n  stderr ").append(f));
            throw new AssertionError(message.toString());
        }
    }

    /**
     * The local default signing secret, that of the end-to-end tests' shared configuration
     * ({@link LocalRuntimeEndToEndTest#config}), and the value of each String constant the test class (or
     * the class it is nested in) names *SECRET*: the signing secrets it configures. ARNs are names, not secrets.
     */
    static Set<String> signingSecrets(Class<?> testClass) {
        Set<String> secrets = new LinkedHashSet<>();
        secrets.add(LocalConfig.LOCAL_SIGNING_SECRET);
        secrets.add(LocalRuntimeEndToEndTest.SECRET);
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                        && field.getName().toUpperCase().contains("SECRET")) {
                    try {
                        field.setAccessible(true);
                        String value = (String) field.get(null);
                        if (value != null && value.length() >= 8 && !value.startsWith("arn:")) {
                            secrets.add(value);
                        }
                    } catch (IllegalAccessException | RuntimeException e) {
                        throw new IllegalStateException("cannot read " + c.getSimpleName() + "." + field.getName(), e);
                    }
                }
            }
        }
        return secrets;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("statemachines/local/runtime.mjs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("statemachines/local/runtime.mjs not found above " + Path.of("").toAbsolutePath());
    }
}
