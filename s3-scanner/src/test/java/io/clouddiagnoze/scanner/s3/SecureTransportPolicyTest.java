package io.clouddiagnoze.scanner.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bucket policies read for a Deny of plain HTTP, written in the ways IAM accepts. */
class SecureTransportPolicyTest {

    @Test
    void aDenyOfEveryS3ActionToEveryoneWithoutTlsRequiresIt() {
        assertThat(SecureTransportPolicy.requiresTls(policy("\"Deny\"", "\"*\"", "\"s3:*\"", "{\"Bool\": {\"aws:SecureTransport\": \"false\"}}")))
                .isTrue();
        // A principal written as {"AWS": [...]}, actions as a list, a JSON boolean and a key in another case count too.
        assertThat(SecureTransportPolicy.requiresTls(policy("\"Deny\"", "{\"AWS\": [\"*\"]}", "[\"s3:PutObject\", \"s3:GetObject\"]",
                "{\"Bool\": {\"aws:securetransport\": false}}"))).isTrue();
    }

    @Test
    void anAllowAPrincipalOfItsOwnAnotherActionOrAnotherConditionDoesNot() {
        assertThat(SecureTransportPolicy.requiresTls(policy("\"Allow\"", "\"*\"", "\"s3:*\"",
                "{\"Bool\": {\"aws:SecureTransport\": \"true\"}}"))).isFalse();
        assertThat(SecureTransportPolicy.requiresTls(policy("\"Deny\"", "{\"AWS\": \"arn:aws:iam::111122223333:root\"}", "\"s3:*\"",
                "{\"Bool\": {\"aws:SecureTransport\": \"false\"}}"))).isFalse();
        assertThat(SecureTransportPolicy.requiresTls(policy("\"Deny\"", "\"*\"", "\"s3:DeleteObject\"",
                "{\"Bool\": {\"aws:SecureTransport\": \"false\"}}"))).isFalse();
        assertThat(SecureTransportPolicy.requiresTls(policy("\"Deny\"", "\"*\"", "\"s3:*\"",
                "{\"NumericLessThan\": {\"s3:TlsVersion\": \"1.2\"}}"))).isFalse();
        assertThat(SecureTransportPolicy.requiresTls("{\"Version\": \"2012-10-17\", \"Statement\": []}")).isFalse();
    }

    private static String policy(String effect, String principal, String action, String condition) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": " + effect + ", \"Principal\": " + principal
                + ", \"Action\": " + action + ", \"Resource\": \"arn:aws:s3:::b/*\", \"Condition\": " + condition + "}]}";
    }
}
