package io.klaxon.local.template;

import io.klaxon.local.iam.Role;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code AWS::Serverless::StateMachine} as the local stack deploys it.
 *
 * @param substitutions its {@code DefinitionSubstitutions}, resolved as CloudFormation would (a
 *                      function's ARN, the bus's name)
 * @param role          the role SAM creates for it, with its {@code Policies} expanded
 */
public record StateMachineView(String logicalId, String name, String arn, Path definition,
                               Map<String, String> substitutions, Role role) {

    public StateMachineView {
        substitutions = Map.copyOf(substitutions);
    }
}
