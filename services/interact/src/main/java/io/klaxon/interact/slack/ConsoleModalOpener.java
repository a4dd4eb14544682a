package io.klaxon.interact.slack;

import com.slack.api.model.view.View;
import com.slack.api.util.json.GsonFactory;
import java.io.PrintStream;

/** The local runtime without Slack: prints the modal it would open (as the console gateway prints messages). */
public class ConsoleModalOpener implements ModalOpener {

    private final PrintStream out;

    public ConsoleModalOpener(PrintStream out) {
        this.out = out;
    }

    @Override
    public String open(String triggerId, View view) {
        out.println("[slack] views.open " + GsonFactory.createSnakeCase().toJson(view));
        return null;
    }
}
