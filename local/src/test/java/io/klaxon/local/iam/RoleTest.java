package io.klaxon.local.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoleTest {

    private static final String BUS = "arn:aws:events:us-east-1:000000000000:event-bus/klaxon-local";

    private static Role role(Statement... statements) {
        return new Role("IngestFunction", "klaxon-local-IngestFunctionRole", "klaxon-local-IngestFunction",
                "000000000000", List.of(statements));
    }

    @Test
    void denial_shouldUseAwsWording_whenNoStatementAllowsTheAction() {
        // GIVEN a role that may only write to DynamoDB
        Role role = role(new Statement(true, List.of("dynamodb:PutItem"), List.of("arn:aws:dynamodb:us-east-1:000000000000:table/t")));

        // WHEN it puts events
        var denied = role.denial("events:PutEvents", BUS);

        // THEN the refusal reads as AWS's does
        assertThat(denied).contains("User: arn:aws:sts::000000000000:assumed-role/klaxon-local-IngestFunctionRole/"
                + "klaxon-local-IngestFunction is not authorized to perform: events:PutEvents on resource: " + BUS
                + " because no identity-based policy allows the events:PutEvents action");
    }

    @Test
    void denial_shouldBeEmpty_whenActionAndResourceMatchWithIamWildcards() {
        // GIVEN SAM-style statements with wildcards in actions and resources
        Role role = role(new Statement(true, List.of("sqs:SendMessage*"), List.of("arn:aws:sqs:us-east-1:000000000000:q")),
                new Statement(true, List.of("lambda:InvokeFunction"),
                        List.of("arn:aws:lambda:us-east-1:000000000000:function:klaxon-local-NotifyFunction*")),
                new Statement(true, List.of("dynamodb:Query"), List.of("arn:aws:dynamodb:us-east-1:000000000000:table/t/index/*")));

        // THEN actions match case-insensitively, resources with * spanning any characters
        assertThat(role.denial("SQS:sendmessagebatch", "arn:aws:sqs:us-east-1:000000000000:q")).isEmpty();
        assertThat(role.denial("lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:000000000000:function:klaxon-local-NotifyFunction:live")).isEmpty();
        assertThat(role.denial("dynamodb:Query", "arn:aws:dynamodb:us-east-1:000000000000:table/t/index/by-key")).isEmpty();
        // AND no further than they say
        assertThat(role.denial("lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:000000000000:function:klaxon-local-IngestFunction")).isPresent();
        assertThat(role.denial("dynamodb:Query", "arn:aws:dynamodb:us-east-1:000000000000:table/t")).isPresent();
        assertThat(role.denial("sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:Q")).isPresent();
    }

    @Test
    void denial_shouldWinOverAnAllow_whenAStatementDeniesExplicitly() {
        Role role = role(new Statement(true, List.of("events:*"), List.of("*")),
                new Statement(false, List.of("events:PutEvents"), List.of(BUS)));

        assertThat(role.denial("events:PutEvents", BUS)).hasValueSatisfying(m ->
                assertThat(m).endsWith("with an explicit deny in an identity-based policy"));
    }

    @Test
    void require_shouldThrowWhatTheCallerMakesOfTheMessage_whenDenied() {
        Role role = role();

        assertThatThrownBy(() -> role.require("states:SendTaskSuccess", "arn:aws:states:us-east-1:000000000000:stateMachine:m",
                IllegalStateException::new))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("states:SendTaskSuccess");
    }
}
