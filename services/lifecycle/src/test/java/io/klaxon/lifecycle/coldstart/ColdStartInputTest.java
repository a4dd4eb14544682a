package io.klaxon.lifecycle.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The probe's task is kept as text; this keeps that text the task it stands for. */
class ColdStartInputTest {

    private final JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();

    @Test
    void probeTask_shouldBeTheFixturesOpenTask_asTheRuntimeSerializerWritesIt() throws Exception {
        // GIVEN the probe's input and the task it stands for
        String text;
        try (InputStream in = ColdStartInputTest.class.getResourceAsStream(ColdStartProbe.TASK)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        TaskRequest task = new TaskRequest(TaskOp.OPEN, "a1", Fixtures.firing("signal-a1", Fixtures.T0), null, null, null);

        // WHEN the runtime's serializer reads the one and writes the other
        TaskRequest read = serializer.fromJson(text, TaskRequest.class);
        var written = new ByteArrayOutputStream();
        serializer.toJson(task, written, TaskRequest.class);

        // THEN they are the same task, in the same text
        assertThat(read).isEqualTo(task);
        assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo(text);
    }
}
