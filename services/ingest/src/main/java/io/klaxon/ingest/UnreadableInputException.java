package io.klaxon.ingest;

import io.klaxon.ingest.text.PlainText;

/**
 * The input cannot be turned into signals: it is empty, not JSON where JSON is required, or an
 * envelope lacks the part that carries the message. Nothing was published for it.
 *
 * <p>Unchecked on purpose: it crosses into AWS unchanged, so its simple name is the Lambda error type
 * that the function's on-failure destination records beside the untouched input. The message says
 * <em>where</em> and <em>why</em>, never the payload itself; it may quote a short value from the
 * input (an SNS Type, an eventSource), so its control characters are replaced: it is logged and
 * answered as it is.
 */
public class UnreadableInputException extends RuntimeException {

    public UnreadableInputException(String reason) {
        super(PlainText.noControls(reason));
    }

    public UnreadableInputException(String reason, Throwable cause) {
        super(PlainText.noControls(reason), cause);
    }
}
