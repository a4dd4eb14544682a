package io.klaxon.local.function;

import io.klaxon.local.template.FunctionView;
import io.klaxon.local.template.Intrinsics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a function's code sees in Lambda: the variables the template gives it, plus the
 * ones the Lambda runtime sets itself ({@code AWS_REGION} …). Nothing from the local process.
 *
 * @param variables name to value
 */
public record LambdaEnvironment(Map<String, String> variables) {

    public LambdaEnvironment {
        variables = Map.copyOf(variables);
    }

    /**
     * @param taskRoot where the function's package is unpacked ({@code LAMBDA_TASK_ROOT}): locally, a
     *                 directory holding what the build copies beside the code (the configuration file)
     */
    public static LambdaEnvironment of(FunctionView function, Path taskRoot) {
        Map<String, String> variables = new LinkedHashMap<>(function.environment());
        variables.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        // Reserved variables: Lambda sets them and a template cannot.
        variables.put("AWS_REGION", Intrinsics.REGION);
        variables.put("AWS_DEFAULT_REGION", Intrinsics.REGION);
        variables.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        return new LambdaEnvironment(variables);
    }
}
