package io.klaxon.local.aws;

import io.klaxon.local.iam.Role;
import io.klaxon.local.template.Intrinsics;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Checks each DynamoDB call of a function's real SDK client against the function's role before it
 * reaches DynamoDB Local, with the actions IAM evaluates for it: the operation itself
 * ({@code dynamodb:Query} on the table, or on {@code table/<t>/index/<i>}), and for a transaction
 * each item's own action ({@code PutItem}, {@code UpdateItem}, {@code DeleteItem},
 * {@code ConditionCheckItem}, {@code GetItem}) on its table, as there is no IAM action for the
 * transaction itself. A refusal is the {@link DynamoDbException} DynamoDB answers with.
 */
public final class IamInterceptor implements ExecutionInterceptor {

    private final Role role;

    public IamInterceptor(Role role) {
        this.role = role;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof DynamoDbRequest request)) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        for (String[] access : accesses(operation, request)) {
            role.require("dynamodb:" + access[0], access[1],
                    message -> AccessDenied.as(DynamoDbException.builder(), "DynamoDb", 400, message));
        }
    }

    /** Pairs of (action, resource ARN) the call needs. */
    static List<String[]> accesses(String operation, DynamoDbRequest request) {
        List<String[]> out = new ArrayList<>();
        switch (request) {
            case TransactWriteItemsRequest r -> {
                for (TransactWriteItem item : r.transactItems()) {
                    if (item.put() != null) {
                        out.add(new String[] {"PutItem", table(item.put().tableName())});
                    } else if (item.update() != null) {
                        out.add(new String[] {"UpdateItem", table(item.update().tableName())});
                    } else if (item.delete() != null) {
                        out.add(new String[] {"DeleteItem", table(item.delete().tableName())});
                    } else if (item.conditionCheck() != null) {
                        out.add(new String[] {"ConditionCheckItem", table(item.conditionCheck().tableName())});
                    }
                }
            }
            case TransactGetItemsRequest r -> {
                for (TransactGetItem item : r.transactItems()) {
                    out.add(new String[] {"GetItem", table(item.get().tableName())});
                }
            }
            case BatchWriteItemRequest r -> r.requestItems().keySet().forEach(t -> out.add(new String[] {operation, table(t)}));
            case BatchGetItemRequest r -> r.requestItems().keySet().forEach(t -> out.add(new String[] {operation, table(t)}));
            case QueryRequest r -> out.add(new String[] {operation, index(r.tableName(), r.indexName())});
            case ScanRequest r -> out.add(new String[] {operation, index(r.tableName(), r.indexName())});
            default -> out.add(new String[] {operation,
                    request.getValueForField("TableName", String.class).map(IamInterceptor::table).orElse("*")});
        }
        return out;
    }

    private static String index(String tableName, String indexName) {
        return indexName == null ? table(tableName) : table(tableName) + "/index/" + indexName;
    }

    private static String table(String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? nameOrArn
                : "arn:" + Intrinsics.PARTITION + ":dynamodb:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT + ":table/" + nameOrArn;
    }
}
