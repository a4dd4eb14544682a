package io.klaxon.deliver.format;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.signal.Severity;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * The words chat destinations show, in English or Simplified Chinese (the China-region tools:
 * DingTalk, Feishu, WeCom, with {@code locale: zh-CN}).
 */
public record Wording(boolean chinese) {

    public String headline(LifecycleEventType type) {
        return switch (type) {
            case OPENED -> chinese ? "告警触发" : "Alert opened";
            case REFIRED -> chinese ? "告警再次触发" : "Alert fired again";
            case CLAIMED -> chinese ? "告警已认领" : "Alert claimed";
            case UNCLAIMED -> chinese ? "告警已放弃认领" : "Alert unclaimed";
            case ESCALATED -> chinese ? "告警已升级" : "Alert escalated";
            case SNOOZED -> chinese ? "告警已暂停提醒" : "Alert snoozed";
            case RESOLVED -> chinese ? "告警已解决" : "Alert resolved";
        };
    }

    public String severity(Severity severity) {
        if (!chinese) {
            return severity.name().toLowerCase(java.util.Locale.ROOT);
        }
        return switch (severity) {
            case CRITICAL -> "严重";
            case HIGH -> "高";
            case WARNING -> "警告";
            case INFO -> "信息";
        };
    }

    public String severityLabel() {
        return chinese ? "严重级别" : "Severity";
    }

    public String sourceLabel() {
        return chinese ? "来源" : "Source";
    }

    public String byLabel(LifecycleEventType type) {
        return switch (type) {
            case CLAIMED -> chinese ? "认领人" : "Claimed by";
            case RESOLVED -> chinese ? "解决人" : "Resolved by";
            default -> chinese ? "操作人" : "By";
        };
    }

    public String levelLabel() {
        return chinese ? "升级级别" : "Escalation level";
    }

    public String timeToClaimLabel() {
        return chinese ? "认领耗时" : "Time to claim";
    }

    public String timeToResolveLabel() {
        return chinese ? "解决耗时" : "Time to resolve";
    }

    public String who(Actor actor) {
        if (actor.kind() == Actor.Kind.SYSTEM) {
            return chinese ? "Klaxon（自动）" : "Klaxon (automatically)";
        }
        return actor.name() != null && !actor.name().isBlank() ? actor.name() : actor.id();
    }

    /** {@code 1h 5m}, {@code 42s}: short, and the same in both languages. */
    public static String duration(@Nullable Long seconds) {
        if (seconds == null) {
            return "";
        }
        Duration d = Duration.ofSeconds(Math.max(0, seconds));
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "s";
    }
}
