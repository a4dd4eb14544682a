package io.klaxon.local.aws;

import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;

/** The {@code AccessDeniedException} a service answers an unauthorized call with, as its SDK client throws it. */
final class AccessDenied {

    private AccessDenied() {
    }

    /**
     * @param builder the service's own exception builder ({@code EventBridgeException.builder()} …),
     *                so the adapters' {@code catch} clauses see what they would in AWS
     * @param service the SDK's service name in the message ({@code EventBridge}, {@code DynamoDb} …)
     * @param status  the HTTP status the service answers with (400 for JSON protocols, 403 for Lambda)
     */
    static RuntimeException as(AwsServiceException.Builder builder, String service, int status, String message) {
        String requestId = UUID.randomUUID().toString();
        return builder.message(message).statusCode(status).requestId(requestId)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("AccessDeniedException")
                        .errorMessage(message)
                        .serviceName(service)
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build())
                        .build())
                .build();
    }
}
