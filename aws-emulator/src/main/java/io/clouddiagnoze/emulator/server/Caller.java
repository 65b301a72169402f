package io.clouddiagnoze.emulator.server;

/**
 * Who made a call: the account the credentials belong to, the principal ARN, and the assumed role
 * (null for the platform's own static credentials).
 */
public record Caller(String accessKeyId, String accountId, String arn, String userId, String roleArn) {
}
