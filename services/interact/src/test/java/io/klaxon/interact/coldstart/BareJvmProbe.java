package io.klaxon.interact.coldstart;

/** The floor for {@link ColdStartProbe}: a JVM that starts, prints the same marker and exits. */
public final class BareJvmProbe {

    private BareJvmProbe() {
    }

    public static void main(String[] args) {
        System.out.println("COLD_START variant=bare-jvm");
    }
}
