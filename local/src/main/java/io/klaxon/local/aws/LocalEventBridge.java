package io.klaxon.local.aws;

import io.klaxon.local.bus.LocalBus;
import io.klaxon.local.iam.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * EventBridge for one caller (a function, or the state machine): PutEvents onto the {@link LocalBus},
 * allowed only when the caller's role allows {@code events:PutEvents} on every bus the entries
 * name; otherwise the whole call fails with EventBridge's AccessDeniedException. Production's
 * {@code EventBridgePublisher} runs on top of it unchanged.
 */
public final class LocalEventBridge implements EventBridgeClient {

    private final Role role;
    private final LocalBus bus;

    public LocalEventBridge(Role role, LocalBus bus) {
        this.role = role;
        this.bus = bus;
    }

    @Override
    public PutEventsResponse putEvents(PutEventsRequest request) {
        for (PutEventsRequestEntry entry : request.entries()) {
            role.require("events:PutEvents", busArn(entry.eventBusName()),
                    message -> AccessDenied.as(EventBridgeException.builder(), "EventBridge", 400, message));
        }
        List<PutEventsResultEntry> results = new ArrayList<>();
        int failed = 0;
        for (PutEventsRequestEntry entry : request.entries()) {
            PutEventsResultEntry result;
            if (!bus.isNamed(entry.eventBusName() == null ? "default" : entry.eventBusName())) {
                result = PutEventsResultEntry.builder().errorCode("NotFoundException")
                        .errorMessage("Event bus " + entry.eventBusName() + " does not exist.").build();
            } else if (entry.source() == null || entry.detailType() == null) {
                result = PutEventsResultEntry.builder().errorCode("InvalidArgument")
                        .errorMessage("Parameter(s) Source and DetailType are required.").build();
            } else {
                try {
                    bus.publishEntry(entry.source(), entry.detailType(), entry.detail());
                    result = PutEventsResultEntry.builder().eventId(UUID.randomUUID().toString()).build();
                } catch (IllegalArgumentException malformed) {
                    result = PutEventsResultEntry.builder().errorCode("MalformedDetail")
                            .errorMessage(malformed.getMessage()).build();
                }
            }
            failed += result.errorCode() == null ? 0 : 1;
            results.add(result);
        }
        return PutEventsResponse.builder().entries(results).failedEntryCount(failed).build();
    }

    private String busArn(String nameOrArn) {
        String name = nameOrArn == null ? "default" : nameOrArn;
        if (name.startsWith("arn:")) {
            return name;
        }
        return bus.arn().substring(0, bus.arn().lastIndexOf('/') + 1) + name;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // nothing held: the bus belongs to the runtime
    }
}
