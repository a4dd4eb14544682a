package io.klaxon.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.klaxon.aws.dynamodb.AlertTable;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.local.iam.Role;
import io.klaxon.local.iam.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** A function's real DynamoDB client against DynamoDB Local, its calls checked against its role. */
class IamInterceptorTest {

    private static final String TABLE = "iam-test";
    private static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/" + TABLE;

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("iam-");

    @BeforeAll
    static void createTable() {
        AlertTable.create(DYNAMODB.client(), TABLE);
    }

    private static DynamoDbClient client(String... actions) {
        Role role = new Role("EscalateFunction", "klaxon-local-EscalateFunctionRole", "klaxon-local-EscalateFunction",
                "000000000000", List.of(new Statement(true, List.of(actions), List.of(TABLE_ARN))));
        return DynamoDbClient.builder().endpointOverride(DYNAMODB.dynamoDb().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new IamInterceptor(role))).build();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("A"));
    }

    @Test
    void call_shouldReachDynamoDb_whenTheRoleAllowsIt() {
        try (DynamoDbClient dynamo = client("dynamodb:GetItem", "dynamodb:PutItem")) {
            dynamo.putItem(b -> b.tableName(TABLE).item(key("allowed")));

            assertThat(dynamo.getItem(b -> b.tableName(TABLE).key(key("allowed"))).hasItem()).isTrue();
        }
    }

    @Test
    void call_shouldFailAsDynamoDbsAccessDenied_whenTheRoleLacksTheAction() {
        // GIVEN a role that may read but not write
        try (DynamoDbClient dynamo = client("dynamodb:GetItem")) {

            // WHEN the function writes
            DynamoDbException denied = catchThrowableOfType(DynamoDbException.class,
                    () -> dynamo.putItem(b -> b.tableName(TABLE).item(key("denied"))));

            // THEN the SDK throws what DynamoDB answers, and nothing was written
            assertThat(denied.statusCode()).isEqualTo(400);
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(denied.getMessage()).contains("assumed-role/klaxon-local-EscalateFunctionRole/klaxon-local-EscalateFunction"
                    + " is not authorized to perform: dynamodb:PutItem on resource: " + TABLE_ARN);
            assertThat(DYNAMODB.client().getItem(b -> b.tableName(TABLE).key(key("denied"))).hasItem()).isFalse();
        }
    }

    @Test
    void transaction_shouldNeedEachItemsOwnAction_asIamEvaluatesIt() {
        // GIVEN a role with UpdateItem only
        try (DynamoDbClient dynamo = client("dynamodb:UpdateItem")) {

            // WHEN a transaction puts an item
            DynamoDbException denied = catchThrowableOfType(DynamoDbException.class, () -> dynamo.transactWriteItems(b -> b
                    .transactItems(TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(key("tx")).build()).build())));

            // THEN PutItem is what is refused (IAM has no TransactWriteItems action)
            assertThat(denied.getMessage()).contains("dynamodb:PutItem on resource: " + TABLE_ARN);
        }
    }
}
