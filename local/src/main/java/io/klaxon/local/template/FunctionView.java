package io.klaxon.local.template;

import io.klaxon.local.iam.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One {@code AWS::Serverless::Function} as the local stack deploys it.
 *
 * @param logicalId    the template's logical id ({@code NotifyFunction})
 * @param handler      the handler class
 * @param codeUri      the directory sam build copies for this function (resolved against the template's directory)
 * @param functionName its physical name ({@code klaxon-local-NotifyFunction})
 * @param arn          {@code !GetAtt <id>.Arn}
 * @param environment  {@code Globals.Function.Environment} merged with its own, intrinsics resolved
 * @param role         the role SAM creates for it, with its {@code Policies} expanded
 * @param timeout      its {@code Timeout} (its own, else {@code Globals.Function}'s, else Lambda's 3 s): Lambda ends
 *                     an invocation that runs longer
 */
public record FunctionView(String logicalId, String handler, Path codeUri, String functionName, String arn,
                           Map<String, String> environment, Role role, Duration timeout) {

    public FunctionView {
        environment = Map.copyOf(environment);
    }
}
