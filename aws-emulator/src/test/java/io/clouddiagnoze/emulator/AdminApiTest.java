package io.clouddiagnoze.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.emulator.support.Admin;
import io.clouddiagnoze.emulator.support.AwsClients;
import io.clouddiagnoze.emulator.support.SharedEmulator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AdminApiTest {

    private static final Admin ADMIN = SharedEmulator.admin();

    @AfterEach
    void restoreTheDemo() {
        ADMIN.reset();
    }

    @Test
    void statusListsTheAccountsAndTheHeapInUse() {
        Admin.Answer status = ADMIN.send("GET", "status", "");

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().path("accounts").toString()).contains(SharedEmulator.DEMO_ACCOUNT);
        assertThat(status.body().path("heapUsedBytes").asLong()).isPositive();
    }

    @Test
    void aFixtureCanBeLoadedByNameByGeneratorOrAsABodyAndResetRestoresTheStartupOne() throws Exception {
        assertThat(ADMIN.send("POST", "fixture?generate=accounts=2,instances=5", "").body().path("accounts").toString())
                .isEqualTo("[\"200000000001\",\"200000000002\"]");

        byte[] demo = getClass().getResourceAsStream("/fixtures/demo.json").readAllBytes();
        String renamed = new String(demo, StandardCharsets.UTF_8).replace("111122223333", "999900001111");
        assertThat(ADMIN.send("POST", "fixture", renamed).body().path("accounts").toString()).isEqualTo("[\"999900001111\"]");

        assertThat(ADMIN.send("POST", "fixture?name=demo", "").body().path("accounts").toString())
                .isEqualTo("[\"" + SharedEmulator.DEMO_ACCOUNT + "\"]");
        ADMIN.send("POST", "fixture?generate=instances=1", "");
        ADMIN.reset();
        assertThat(ADMIN.send("GET", "status", "").body().path("accounts").toString())
                .isEqualTo("[\"" + SharedEmulator.DEMO_ACCOUNT + "\"]");
    }

    @Test
    void aGeneratedAccountsRoleIsTrustedWithItsDocumentedExternalId() {
        ADMIN.send("POST", "fixture?generate=instances=12,seed=4", "");
        try (AwsClients generated = AwsClients.tenant(Region.US_EAST_1,
                "arn:aws:iam::200000000001:role/CloudDiagnozeScanner", "clouddiagnoze-200000000001")) {
            assertThat(generated.ec2().describeInstances().reservations().stream()
                    .mapToInt(reservation -> reservation.instances().size()).sum()).isEqualTo(12);
        }
    }

    @Test
    void callCountsFollowTheSdksCalls() {
        try (AwsClients tenant = AwsClients.demoTenant(Region.US_EAST_1)) {
            tenant.credentials().resolveCredentials();
            ADMIN.send("DELETE", "calls", "");
            tenant.ec2().describeVpcs();
            tenant.ec2().describeVpcs();
            tenant.s3().listBuckets();

            assertThat(ADMIN.calls("ec2:DescribeVpcs")).isEqualTo(2);
            assertThat(ADMIN.calls("s3:ListBuckets")).isEqualTo(1);
            assertThat(ADMIN.calls("sts:AssumeRole")).isZero();
        }
    }

    @Test
    void faultsAreListedWithHowOftenTheyHit() {
        int id = ADMIN.addFault("{\"service\":\"ec2\",\"type\":\"latency\",\"latencyMs\":1}");
        try (AwsClients tenant = AwsClients.demoTenant(Region.US_EAST_1)) {
            tenant.ec2().describeRegions();
        }

        Admin.Answer faults = ADMIN.send("GET", "faults", "");
        List<Long> hits = new ArrayList<>();
        faults.body().forEach(fault -> {
            if (fault.path("rule").path("id").asInt() == id) {
                hits.add(fault.path("hit").asLong());
            }
        });
        assertThat(hits).containsExactly(1L);
        assertThat(ADMIN.send("DELETE", "faults", "").body()).isEmpty();
    }

    @Test
    void badAdminRequestsAreAnsweredWithJsonErrors() {
        assertThat(ADMIN.send("GET", "nothing-here", "").status()).isEqualTo(404);
        assertThat(ADMIN.send("POST", "faults", "{\"type\":\"meteor\"}").status()).isEqualTo(400);
        assertThat(ADMIN.send("POST", "faults", "{\"latencyMs\":5}").body().path("error").asText()).contains("type");
        assertThat(ADMIN.send("POST", "roles", "{\"roleArn\":\"not-an-arn\",\"externalId\":\"x\"}").status()).isEqualTo(400);
        assertThat(ADMIN.send("POST", "roles", "{\"roleArn\":\"arn:aws:iam::123456789012:role/R\",\"externalId\":\"x\","
                + "\"accountId\":\"999999999999\"}").status()).isEqualTo(400);
        assertThat(ADMIN.send("POST", "fixture?name=no-such-fixture", "").status()).isEqualTo(400);
        assertThat(ADMIN.send("POST", "fixture", "{\"accounts\":[{\"id\":\"1\",\"colour\":\"red\"}]}").status())
                .isEqualTo(400);
        // A bucket said to have a public policy must give that policy: GetBucketPolicy has to answer it.
        assertThat(ADMIN.send("POST", "fixture", "{\"accounts\":[{\"id\":\"1\",\"regions\":{\"us-east-1\":{\"buckets\":"
                + "[{\"name\":\"b\",\"policyPublic\":true}]}}}]}").body().path("error").asText()).contains("gives no policy");
    }
}
