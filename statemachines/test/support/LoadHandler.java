// Loads a Lambda handler from a built artifact the way the Java runtime finds classes in a deployment
// package: the package root first, then every jar under lib/. Run as a source file (java LoadHandler.java
// ARTIFACT_DIR HANDLER); exits 0 when the class loads and has the handler method, else says why.
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

public class LoadHandler {
  public static void main(String[] args) throws Exception {
    Path artifact = Path.of(args[0]);
    String[] handler = args[1].split("::", 2);
    String method = handler.length == 2 ? handler[1] : "handleRequest";

    List<URL> classpath = new ArrayList<>();
    classpath.add(artifact.toUri().toURL());
    Path lib = artifact.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> jars = Files.list(lib)) {
        for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
          classpath.add(jar.toUri().toURL());
        }
      }
    }
    // The platform loader as parent: nothing on this program's own classpath can stand in for the artifact.
    try (URLClassLoader loader = new URLClassLoader(classpath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> type;
      boolean found;
      try {
        type = Class.forName(handler[0], false, loader);
        // getMethods() resolves the signatures, so a handler whose event types are missing fails here too.
        found = Arrays.stream(type.getMethods()).map(Method::getName).anyMatch(method::equals);
      } catch (ClassNotFoundException | LinkageError e) {
        System.err.println(handler[0] + " does not load from " + classpath + ": " + e);
        System.exit(1);
        return;
      }
      if (!found) {
        System.err.println(handler[0] + " loads but has no public method " + method);
        System.exit(1);
      }
      System.out.println(handler[0] + " loads from " + artifact.relativize(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())));
    }
  }
}
