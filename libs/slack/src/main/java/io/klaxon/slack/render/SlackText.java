package io.klaxon.slack.render;

import io.klaxon.domain.alert.Actor;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Slack's text rules in one place: escaping of untrusted strings, {@code <!date^…>} tokens,
 * mentions, links and budget-aware truncation. Pure functions; every string that reaches Slack from
 * an alert, a label or a person goes through {@link #escape(String)} first.
 */
public final class SlackText {

    /** The ellipsis appended to anything cut to fit a limit. */
    public static final String ELLIPSIS = "…";

    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
    private static final Pattern GROUP_ID = Pattern.compile("S[A-Z0-9]{2,}");
    private static final DateTimeFormatter FALLBACK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SlackText() {
    }

    /**
     * Escapes the three characters Slack treats as control characters. Slack decodes exactly these
     * three entities for display, so nothing else may be entity-encoded. Real control characters
     * (C0, DEL, C1: NUL, ESC, BEL …) never reach Slack: a line break is kept, a tab becomes a space,
     * every other one is dropped. Text that must stay on one line goes through {@link #singleLine}
     * first.
     */
    public static String escape(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length() + 16);
        raw.codePoints().forEach(cp -> out.append(escapeCodePoint(cp)));
        return out.toString();
    }

    /**
     * Escapes {@code raw} and cuts it so that the escaped text plus {@code suffix} fits in
     * {@code max} characters. The cut never splits an entity ({@code &amp;}) or a surrogate pair.
     *
     * @param suffix appended only when something was cut (already escaped Slack markup, for example
     *               {@code "… <url|more>"}); when it alone does not fit, a bare {@link #ELLIPSIS} is used
     */
    public static String escapeWithin(String raw, int max, String suffix) {
        String full = escape(raw);
        if (full.length() <= max) {
            return full;
        }
        String tail = suffix.length() < max ? suffix : ELLIPSIS;
        int room = Math.max(0, max - tail.length());
        StringBuilder out = new StringBuilder(room + tail.length());
        var it = raw.codePoints().iterator();
        while (it.hasNext()) {
            String next = escapeCodePoint(it.nextInt());
            if (out.length() + next.length() > room) {
                break;
            }
            out.append(next);
        }
        return out.append(tail).toString();
    }

    private static String escapeCodePoint(int cp) {
        return switch (cp) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '\n' -> "\n";
            case '\t' -> " ";
            default -> Character.isISOControl(cp) ? "" : Character.toString(cp);
        };
    }

    /**
     * Text for a place that shows one line (a header, a notification, a field, an id): line breaks
     * and tabs become spaces. Still to be escaped.
     */
    public static String singleLine(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
    }

    /**
     * A time every reader sees in their own time zone: {@code <!date^EPOCH^{date_short_pretty} {time}|FALLBACK>}.
     * The fallback (shown by clients that cannot format dates) is UTC.
     */
    public static String date(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|" + FALLBACK.format(at) + ">";
    }

    /** A duration people read at a glance: {@code 45s}, {@code 4m 12s}, {@code 1h 2m}, {@code 2d 3h}. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
        }
        if (s < 86_400) {
            return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + "m");
        }
        return (s / 86_400) + "d" + ((s % 86_400) / 3600 == 0 ? "" : " " + (s % 86_400) / 3600 + "h");
    }

    /**
     * A mention target from an escalation policy as Slack markup: user ids ({@code U…}, {@code W…})
     * become {@code <@U…>}, user-group ids ({@code S…}) {@code <!subteam^S…>}, and {@code here},
     * {@code channel}, {@code everyone} the special mentions. Anything else is shown escaped, as text,
     * so a mistyped policy is visible in the thread instead of pinging nobody silently.
     */
    public static String mention(String target) {
        if (target == null || target.isBlank()) {
            return "";
        }
        String t = target.trim();
        String bare = t.startsWith("@") || t.startsWith("!") ? t.substring(1) : t;
        if (USER_ID.matcher(bare).matches()) {
            return "<@" + bare + ">";
        }
        if (GROUP_ID.matcher(bare).matches()) {
            return "<!subteam^" + bare + ">";
        }
        return switch (bare.toLowerCase(Locale.ROOT)) {
            case "here" -> "<!here>";
            case "channel" -> "<!channel>";
            case "everyone" -> "<!everyone>";
            default -> escape(t);
        };
    }

    /** Whether {@code id} looks like a Slack user id we may put in a {@code <@…>} mention. */
    public static boolean isUserId(String id) {
        return id != null && USER_ID.matcher(id).matches();
    }

    /**
     * Who did something, for people: a Slack user as {@code <@U…>} (Slack shows their current name;
     * edits never notify, so this is safe in the message itself), Klaxon for the system, otherwise the
     * escaped display name.
     */
    public static String actor(Actor actor) {
        if (actor == null) {
            return "nobody";
        }
        if (actor.kind() == Actor.Kind.SLACK && isUserId(actor.id())) {
            return "<@" + actor.id() + ">";
        }
        if (actor.kind() == Actor.Kind.SYSTEM) {
            return "Klaxon";
        }
        return escape(actor.name() != null && !actor.name().isBlank() ? actor.name() : actor.id());
    }

    /**
     * A link in mrkdwn, or null when the url is not http(s) (a {@code javascript:} or relative link
     * from an untrusted source is never made clickable).
     */
    public static String link(String url, String label) {
        if (url == null) {
            return null;
        }
        String u = url.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            return null;
        }
        // Inside <url|label> a '|' or '>' would end the url early; percent-encoding keeps it intact.
        String safeUrl = u.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E")
                .replace("|", "%7C").replace(" ", "%20");
        String text = label == null || label.isBlank() ? u : label;
        return "<" + safeUrl + "|" + escape(text) + ">";
    }
}
