package io.klaxon.local.function;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/**
 * What one function's jar holds, seen from the local runtime's single class path: it hides the
 * resources (Micronaut's bean definitions, service files) of the code roots — jars or class
 * directories — that belong to other functions' modules, so a function's application context has
 * the beans of its own deployment package only (in AWS the notify jar has no interact beans, so
 * interact's eager SnapStart bean cannot start there). Classes themselves still come from the
 * parent: nothing is loaded twice.
 */
final class FunctionClassLoader extends ClassLoader {

    private final Set<String> hiddenRoots;

    /** @param hiddenRoots code roots as {@link #root} computes them */
    FunctionClassLoader(ClassLoader parent, Set<String> hiddenRoots) {
        super(parent);
        this.hiddenRoots = Set.copyOf(hiddenRoots);
    }

    /** The code root (jar or directory URL) a class or resource comes from, or null when it is not on the class path. */
    static String root(ClassLoader loader, String resourceName) {
        URL url = loader.getResource(resourceName);
        return url == null ? null : root(url, resourceName);
    }

    private static String root(URL url, String resourceName) {
        String u = strip(url.toString());
        String name = strip(resourceName);
        return u.endsWith(name) ? u.substring(0, u.length() - name.length()) : u;
    }

    private static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> visible = new ArrayList<>();
        for (URL url : Collections.list(getParent().getResources(name))) {
            if (!hiddenRoots.contains(root(url, name))) {
                visible.add(url);
            }
        }
        return Collections.enumeration(visible);
    }

    @Override
    public URL getResource(String name) {
        try {
            Enumeration<URL> found = getResources(name);
            return found.hasMoreElements() ? found.nextElement() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
