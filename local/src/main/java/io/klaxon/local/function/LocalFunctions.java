package io.klaxon.local.function;

import io.klaxon.local.template.FunctionView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/** The template's functions, each started in its own application context, in parallel. */
public final class LocalFunctions implements AutoCloseable {

    private final Map<String, LocalFunction> byLogicalId;

    private LocalFunctions(Map<String, LocalFunction> byLogicalId) {
        this.byLogicalId = byLogicalId;
    }

    /**
     * Starts every function; when any cannot start, stops the others and throws one error naming
     * every function that failed and why.
     */
    public static LocalFunctions start(List<FunctionView> views, Path taskRoot, Map<String, Object> plumbing,
                                       Object... shared) {
        ClassLoader parent = LocalFunctions.class.getClassLoader();
        Map<String, String> rootOfHandler = new LinkedHashMap<>();
        views.forEach(v -> rootOfHandler.put(v.handler(), FunctionClassLoader.root(parent, v.handler().replace('.', '/') + ".class")));

        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "klaxon-local-function-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, CompletableFuture<LocalFunction>> starting = new LinkedHashMap<>();
            for (FunctionView view : views) {
                String own = rootOfHandler.get(view.handler());
                Set<String> hidden = new HashSet<>(rootOfHandler.values());
                hidden.remove(own);
                hidden.remove(null);
                ClassLoader loader = new FunctionClassLoader(parent, hidden);
                starting.put(view.logicalId(), CompletableFuture.supplyAsync(
                        () -> LocalFunction.start(view, loader, taskRoot, plumbing, shared), pool));
            }
            Map<String, LocalFunction> started = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            RuntimeException first = null;
            for (var entry : starting.entrySet()) {
                try {
                    started.put(entry.getKey(), entry.getValue().join());
                } catch (CompletionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : e;
                    first = first == null ? cause : first;
                    failures.add(cause.getMessage());
                }
            }
            if (!failures.isEmpty()) {
                started.values().forEach(LocalFunction::close);
                throw new IllegalStateException(String.join("\n", failures), first);
            }
            return new LocalFunctions(started);
        } finally {
            pool.shutdown();
        }
    }

    public Optional<LocalFunction> get(String logicalId) {
        return Optional.ofNullable(byLogicalId.get(logicalId));
    }

    /** The function whose template Handler is this class. */
    public LocalFunction running(Class<?> handler) {
        return byLogicalId.values().stream().filter(f -> f.view().handler().equals(handler.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the template has no function with handler " + handler.getName()
                        + " (functions: " + byLogicalId.values().stream().map(f -> f.logicalId() + "=" + f.view().handler())
                        .collect(Collectors.joining(", ")) + ")"));
    }

    public List<LocalFunction> all() {
        return List.copyOf(byLogicalId.values());
    }

    @Override
    public void close() {
        byLogicalId.values().stream().filter(Objects::nonNull).forEach(LocalFunction::close);
    }
}
