package io.klaxon.domain.signal;

import io.micronaut.serde.annotation.Serdeable;

/** A labelled link, typically a console deep link. The url is already correctly encoded. */
@Serdeable
public record Link(String label, String url) {
}
