package io.klaxon.deliver;

import java.util.List;

/** The configured destinations, secrets resolved. */
@FunctionalInterface
public interface Destinations {

    List<Destination> all();
}
