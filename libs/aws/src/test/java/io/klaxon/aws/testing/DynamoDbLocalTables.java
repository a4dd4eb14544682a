package io.klaxon.aws.testing;

import io.klaxon.aws.dynamodb.AlertTable;
import io.klaxon.aws.dynamodb.local.EmbeddedDynamoDb;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One in-memory DynamoDB Local for a test class, started before its first test and closed after its
 * last, and fresh alert tables on it on demand. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("storm-");
 *
 * @BeforeEach
 * void freshTable() {
 *     watch = new DynamoStormWatch(DYNAMODB.client(), DYNAMODB.freshTable(), clock);
 * }
 * }</pre>
 *
 * <p>Each test takes its own table rather than its own server: starting DynamoDB Local costs about a
 * second, a table a few milliseconds, and no test can then see another's items.
 */
public final class DynamoDbLocalTables implements BeforeAllCallback, AfterAllCallback {

    private final String prefix;
    private final AtomicInteger tables = new AtomicInteger();
    private EmbeddedDynamoDb dynamoDb;
    private Class<?> owner;

    /** @param prefix the start of every table name; a counter makes each name unique on this server */
    public DynamoDbLocalTables(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // A nested class inherits the extension: it shares the enclosing class's server.
        if (dynamoDb == null) {
            dynamoDb = EmbeddedDynamoDb.start();
            owner = context.getRequiredTestClass();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dynamoDb != null && context.getRequiredTestClass() == owner) {
            dynamoDb.close();
            dynamoDb = null;
        }
    }

    /** The running server (its endpoint, its own clients). */
    public EmbeddedDynamoDb dynamoDb() {
        if (dynamoDb == null) {
            throw new IllegalStateException(
                    "DynamoDB Local is not running: register DynamoDbLocalTables with @RegisterExtension on a static field");
        }
        return dynamoDb;
    }

    /** The client bound to the running server; the extension closes it. */
    public DynamoDbClient client() {
        return dynamoDb().client();
    }

    /** Creates a new empty alert table ({@link AlertTable#create}) and returns its name. */
    public String freshTable() {
        String table = prefix + tables.incrementAndGet();
        AlertTable.create(client(), table);
        return table;
    }
}
