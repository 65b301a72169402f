package io.clouddiagnoze.emulator.server;

import io.clouddiagnoze.emulator.fault.FaultInjector;
import io.clouddiagnoze.emulator.fault.FaultRule;
import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.protocol.Params;
import io.clouddiagnoze.emulator.protocol.Protocol;
import io.clouddiagnoze.emulator.protocol.Reply;
import io.clouddiagnoze.emulator.state.Inventory;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends each request to the admin API or to the service its SigV4 credential scope names, resolving the
 * caller's account and applying injected faults on the way.
 */
public final class Router {

    public static final String ADMIN_PREFIX = "/_emulator/";
    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    private final Map<String, ServiceHandler> handlers;
    private final Function<AwsRequest, Reply> admin;
    private final Function<String, Caller> callers;
    private final Supplier<Inventory> inventory;
    private final FaultInjector faults;
    private final CallStats stats;

    /** {@code callers} tells who signs with an access key, throwing an {@code ApiError} for rejected keys. */
    public Router(Map<String, ServiceHandler> handlers, Function<AwsRequest, Reply> admin,
                  Function<String, Caller> callers, Supplier<Inventory> inventory,
                  FaultInjector faults, CallStats stats) {
        this.handlers = Map.copyOf(handlers);
        this.admin = admin;
        this.callers = callers;
        this.inventory = inventory;
        this.faults = faults;
        this.stats = stats;
    }

    public Reply route(AwsRequest request) {
        Optional<CredentialScope> scope = CredentialScope.of(request);
        // Admin calls are unsigned; a signed request under /_emulator/ is an S3 path-style request like any other.
        if (scope.isEmpty() && request.path().startsWith(ADMIN_PREFIX)) {
            return admin.apply(request);
        }
        String requestId = UUID.randomUUID().toString();
        Reply reply = scope.isPresent() ? serve(request, scope.get(), requestId)
                : guessProtocol(request).error(new ApiError(403, "MissingAuthenticationToken",
                        "Request is missing Authentication Token"), requestId);
        return reply.withHeader("x-amzn-RequestId", requestId);
    }

    private Reply serve(AwsRequest request, CredentialScope scope, String requestId) {
        ServiceHandler handler = handlers.get(scope.service());
        if (handler == null) {
            return guessProtocol(request).error(ApiError.badRequest("UnknownService",
                    "The emulator does not emulate the service '" + scope.service() + "'."), requestId);
        }
        Protocol protocol = handler.protocol(request);
        try {
            ServiceCall call = handler.identify(request);
            String operation = scope.service() + ":" + call.operation();
            stats.called(operation);
            Caller caller = callers.apply(scope.accessKeyId());
            injectFaults(handler, call, caller, operation, scope.region());
            CallContext context = new CallContext(caller, inventory.get().account(caller.accountId()),
                    scope.region(), requestId);
            return handler.handle(call, context);
        } catch (ApiError error) {
            return protocol.error(error, requestId);
        } catch (RuntimeException unexpected) {
            LOG.log(Level.SEVERE, "failed to answer " + request.method() + " " + request.path(), unexpected);
            return protocol.error(new ApiError(500, "InternalError", "The emulator failed: " + unexpected), requestId);
        }
    }

    private void injectFaults(ServiceHandler handler, ServiceCall call, Caller caller, String operation, String region) {
        // AssumeRole faults are keyed on the role being assumed; other calls on the role the caller acts as.
        String role = call.operation().equals("AssumeRole") ? Params.text(call.input(), "RoleArn") : caller.roleArn();
        long latencyMs = 0;
        ApiError error = null;
        for (FaultRule rule : faults.hits(handler.signingName(), call.operation(), role, region)) {
            ApiError ruleError = switch (rule.type()) {
                case LATENCY -> {
                    latencyMs += rule.latencyMs();
                    yield null;
                }
                case THROTTLE -> handler.errors().throttling();
                case ACCESS_DENIED -> handler.errors().accessDenied(caller, handler.signingName() + ":" + call.operation());
                case INTERNAL_ERROR -> handler.errors().internalError();
            };
            error = error == null ? ruleError : error;
        }
        if (latencyMs > 0) {
            try {
                Thread.sleep(latencyMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (error != null) {
            stats.faulted(operation);
            throw error;
        }
    }

    /** For requests no handler claims: the protocol their headers and body suggest. */
    private static Protocol guessProtocol(AwsRequest request) {
        if (request.header("smithy-protocol") != null) {
            return Protocol.RPC_V2_CBOR;
        }
        if (request.header("x-amz-target") != null) {
            return Protocol.JSON_1_0;
        }
        return request.bodyText().contains("Action=") || request.rawQuery().contains("Action=")
                ? Protocol.QUERY : Protocol.REST_XML;
    }
}
