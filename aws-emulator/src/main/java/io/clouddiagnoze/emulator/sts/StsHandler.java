package io.clouddiagnoze.emulator.sts;

import com.fasterxml.jackson.databind.JsonNode;
import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.protocol.Params;
import io.clouddiagnoze.emulator.protocol.Protocol;
import io.clouddiagnoze.emulator.protocol.Reply;
import io.clouddiagnoze.emulator.server.AwsRequest;
import io.clouddiagnoze.emulator.server.CallContext;
import io.clouddiagnoze.emulator.server.Caller;
import io.clouddiagnoze.emulator.server.QueryCalls;
import io.clouddiagnoze.emulator.server.ServiceCall;
import io.clouddiagnoze.emulator.server.ServiceErrors;
import io.clouddiagnoze.emulator.server.ServiceHandler;
import io.clouddiagnoze.emulator.state.Inventory;
import io.clouddiagnoze.emulator.state.Role;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** STS: AssumeRole into a tenant's role (ExternalId checked) and GetCallerIdentity. */
public final class StsHandler implements ServiceHandler {

    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final ServiceErrors ERRORS = new ServiceErrors(400, "Throttling", "Rate exceeded", 403, "AccessDenied");

    private final Supplier<Inventory> inventory;
    private final SessionRegistry sessions;

    public StsHandler(Supplier<Inventory> inventory, SessionRegistry sessions) {
        this.inventory = inventory;
        this.sessions = sessions;
    }

    @Override
    public String signingName() {
        return "sts";
    }

    @Override
    public Protocol protocol(AwsRequest request) {
        return Protocol.QUERY;
    }

    @Override
    public ServiceErrors errors() {
        return ERRORS;
    }

    @Override
    public ServiceCall identify(AwsRequest request) {
        return QueryCalls.identify(request, Protocol.QUERY);
    }

    @Override
    public Reply handle(ServiceCall call, CallContext context) {
        return switch (call.operation()) {
            case "AssumeRole" -> assumeRole(call, context);
            case "GetCallerIdentity" -> QueryCalls.response(call, NAMESPACE, context.requestId(), xml -> xml
                    .element("UserId", context.caller().userId())
                    .element("Account", context.caller().accountId())
                    .element("Arn", context.caller().arn()));
            default -> throw call.protocol().unknownOperation(call.operation());
        };
    }

    private Reply assumeRole(ServiceCall call, CallContext context) {
        JsonNode input = call.input();
        String roleArn = validated(input, "RoleArn");
        String sessionName = validated(input, "RoleSessionName");
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw validationError("roleSessionName", sessionName, "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        Integer duration = Params.integer(input, "DurationSeconds");
        int durationSeconds = duration == null ? 3600 : duration;
        if (durationSeconds < 900 || durationSeconds > 43_200) {
            throw validationError("durationSeconds", String.valueOf(durationSeconds),
                    "Member must have value between 900 and 43200");
        }
        Role role = inventory.get().role(roleArn)
                .filter(candidate -> candidate.externalId() == null
                        || candidate.externalId().equals(Params.text(input, "ExternalId")))
                .orElseThrow(() -> accessDenied(context.caller(), roleArn));
        SessionRegistry.Session session = sessions.issue(role, sessionName, durationSeconds);
        return QueryCalls.response(call, NAMESPACE, context.requestId(), xml -> xml
                .start("Credentials")
                .element("AccessKeyId", session.accessKeyId())
                .element("SecretAccessKey", session.secretAccessKey())
                .element("SessionToken", session.sessionToken())
                .element("Expiration", session.expiration())
                .end()
                .start("AssumedRoleUser")
                .element("AssumedRoleId", session.roleId() + ":" + sessionName)
                .element("Arn", session.assumedRoleArn())
                .end());
    }

    // A missing role and a wrong ExternalId are indistinguishable to the caller, as in AWS.
    private static ApiError accessDenied(Caller caller, String roleArn) {
        return new ApiError(403, "AccessDenied",
                "User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
    }

    private static String validated(JsonNode input, String member) {
        String value = Params.text(input, member);
        if (value == null || value.isEmpty()) {
            String camel = Character.toLowerCase(member.charAt(0)) + member.substring(1);
            throw validationError(camel, null, "Member must not be null");
        }
        return value;
    }

    private static ApiError validationError(String member, String value, String constraint) {
        return ApiError.badRequest("ValidationError", "1 validation error detected: Value "
                + (value == null ? "null" : "'" + value + "'") + " at '" + member + "' failed to satisfy constraint: "
                + constraint);
    }
}
