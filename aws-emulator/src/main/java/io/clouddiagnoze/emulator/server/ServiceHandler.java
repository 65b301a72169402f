package io.clouddiagnoze.emulator.server;

import io.clouddiagnoze.emulator.protocol.Protocol;
import io.clouddiagnoze.emulator.protocol.Reply;

/** One emulated AWS service, reached through the service name of the SigV4 credential scope. */
public interface ServiceHandler {

    /** The service name in the credential scope, e.g. {@code ec2} or {@code monitoring}. */
    String signingName();

    /** The protocol this request speaks, told from its path and headers; errors are rendered in it. */
    Protocol protocol(AwsRequest request);

    ServiceErrors errors();

    /** Names the operation and decodes its input; throws an {@code ApiError} for malformed requests. */
    ServiceCall identify(AwsRequest request);

    Reply handle(ServiceCall call, CallContext context);
}
