package io.klaxon.lifecycle;

import io.klaxon.config.KlaxonConfig;
import io.klaxon.config.Mention;
import io.klaxon.config.Policy;
import io.klaxon.config.Route;
import io.klaxon.config.RouteMatcher;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.storm.StormSettings;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusContract;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Which route a new alert opens on and the escalation policy it starts with: its signal, as the
 * "Alert Fired" event the bus carries, is matched against the configuration's routes (first match
 * wins, else the catch-all). The policy is snapshotted into the alert with mention tokens as written
 * ({@code schedule:db-primary} stays a schedule name), so notify resolves who is on call when it
 * escalates, not when the alert opened.
 */
public class AlertRouting {

    private final RouteMatcher routes;
    private final JsonMapper json;

    public AlertRouting(KlaxonConfig config, JsonMapper json) {
        this.routes = new RouteMatcher(config);
        this.json = json;
    }

    public EscalationPolicy policyFor(AlertSignal signal) {
        String detail;
        try {
            // The same serialization the publisher gives the bus, so a pattern sees the wire names.
            detail = json.writeValueAsString(signal);
        } catch (IOException e) {
            throw new UncheckedIOException("signal " + signal.signalId() + " cannot be serialized: " + e.getMessage(), e);
        }
        Route route = routes.route(BusContract.SOURCE, BusContract.ALERT_FIRED, detail);
        return snapshot(route, routes.config().policy(route));
    }

    static EscalationPolicy snapshot(Route route, Policy policy) {
        return new EscalationPolicy(route.name(), route.channel(), policy.claimTimeout().toSeconds(),
                policy.remindAfter().toSeconds(),
                policy.levels().stream().map(level -> new EscalationPolicy.Level(
                        level.mention().stream().map(Mention::text).toList(), level.page())).toList(),
                policy.autoResolve(), policy.flapWindow().toSeconds(), 0,
                new StormSettings(route.storm().threshold(), route.storm().window().toSeconds()));
    }
}
