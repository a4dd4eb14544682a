package io.klaxon.logging.provider;

import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.helpers.ThreadLocalMapOfStacks;
import org.slf4j.spi.MDCAdapter;

/**
 * The MDC, per thread and not inherited. SLF4J's {@code BasicMDCAdapter} copies the map into threads
 * created while it is set, so a pool thread started during one invocation would go on stamping that
 * invocation's request id on the lines of every later one.
 */
final class ThreadMdc implements MDCAdapter {

    private final ThreadLocal<Map<String, String>> map = new ThreadLocal<>();
    private final ThreadLocalMapOfStacks stacks = new ThreadLocalMapOfStacks();

    @Override
    public void put(String key, String val) {
        if (key == null) {
            throw new IllegalArgumentException("an MDC key cannot be null");
        }
        Map<String, String> current = map.get();
        if (current == null) {
            current = new HashMap<>();
            map.set(current);
        }
        current.put(key, val);
    }

    @Override
    public String get(String key) {
        Map<String, String> current = map.get();
        return current == null || key == null ? null : current.get(key);
    }

    @Override
    public void remove(String key) {
        Map<String, String> current = map.get();
        if (current != null) {
            current.remove(key);
        }
    }

    @Override
    public void clear() {
        map.remove();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        Map<String, String> current = map.get();
        return current == null ? null : new HashMap<>(current);
    }

    @Override
    public void setContextMap(Map<String, String> contextMap) {
        map.set(contextMap == null ? new HashMap<>() : new HashMap<>(contextMap));
    }

    @Override
    public void pushByKey(String key, String value) {
        stacks.pushByKey(key, value);
    }

    @Override
    public String popByKey(String key) {
        return stacks.popByKey(key);
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
        return stacks.getCopyOfDequeByKey(key);
    }

    @Override
    public void clearDequeByKey(String key) {
        stacks.clearDequeByKey(key);
    }
}
