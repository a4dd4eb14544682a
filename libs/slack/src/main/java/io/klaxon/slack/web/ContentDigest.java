package io.klaxon.slack.web;

import com.google.gson.Gson;
import com.slack.api.model.Attachment;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import io.klaxon.slack.render.SlackMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of a message's content as {@code chat.update} sends it: the text, and the blocks and attachments as
 * the Slack SDK writes them (its snake-case Gson), so two renders have one digest exactly when Slack would be told
 * the same thing. The render ledger compares it with what the message shows (ADR 0013, "Unchanged content").
 */
final class ContentDigest {

    /** The SDK's own serializer for blocks and attachments (RequestFormBuilder). */
    private static final Gson SDK_JSON = GsonFactory.createSnakeCase();

    private ContentDigest() {
    }

    static String of(SlackMessage message) {
        return of(message.text(), message.blocks(), message.attachments());
    }

    static String of(String text, List<LayoutBlock> blocks, List<Attachment> attachments) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        // Each part's length first, so that no two different contents can join into the same bytes.
        // Klaxon's attachments as LeanMethodsClient sends them: the SDK's JSON, without building its Gson models of
        // every Attachment field (the string is the same, tested there).
        String colored = LeanMethodsClient.coloredJson(attachments);
        String attachmentsJson = colored != null ? colored : SDK_JSON.toJson(attachments);
        for (String part : List.of(text == null ? "" : text, SDK_JSON.toJson(blocks), attachmentsJson)) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            sha256.update(bytes);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
