package io.clouddiagnoze.emulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.clouddiagnoze.emulator.protocol.Protocol;

/** A request identified as one operation of a service, with its input decoded into a tree. */
public record ServiceCall(String operation, Protocol protocol, JsonNode input, AwsRequest request) {
}
