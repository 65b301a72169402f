package io.clouddiagnoze.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.contracts.resources.OpenIngressRule;
import io.clouddiagnoze.scanner.ec2.Ec2InstanceCollector;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Baseline (b) of the end-to-end ingest: the SDK calls ec2-scanner makes for one region of a tenant's account
 * (DescribeSecurityGroups, then DescribeInstances pages of its page size), each page turned into resources as the
 * scanner turns them ({@link Ec2InstanceCollector}) and into rows, INSERTed at once into the same table, in one thread — no Kafka, no services, nothing between the calls and the
 * database.
 */
final class BareLoop {
    private static final List<String> COLUMNS = List.of("client_id", "scan_timestamp", "instance_id", "instance_type", "state",
            "region", "public_ip", "private_ip", "tags", "vpc_id", "subnet_id", "launch_time", "image_id", "imdsv2_required",
            "security_group_ids", "open_ingress");

    private final URI endpoint;
    private final int pageSize;

    BareLoop(URI endpoint, int pageSize) {
        this.endpoint = endpoint;
        this.pageSize = pageSize;
    }

    /** Pages through the instances of {@code tenant}'s account in {@code region} into scan run {@code scanRun}: rows stored. */
    long run(Api.Tenant tenant, String region, Connection connection, long scanRun) throws SQLException {
        try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.of(region))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("platform-demo", "platform-demo-secret")))
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                     .refreshRequest(r -> r.roleArn(tenant.roleArn()).externalId(tenant.externalId()).roleSessionName("bare-loop")).build();
             Ec2Client ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(credentials)
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            Map<String, List<OpenIngressRule>> openByGroup = new HashMap<>();
            ec2.describeSecurityGroupsPaginator(r -> r.maxResults(1000)).securityGroups()
                    .forEach(group -> openByGroup.put(group.groupId(), Ec2InstanceCollector.openRules(group)));
            Timestamp scanned = new Timestamp(System.currentTimeMillis());
            long stored = 0;
            for (var page : ec2.describeInstancesPaginator(r -> r.maxResults(pageSize))) {
                List<Object[]> rows = new ArrayList<>();
                for (Reservation reservation : page.reservations()) {
                    for (Instance instance : reservation.instances()) {
                        rows.add(row(tenant.id(), scanned, Ec2InstanceCollector.toResource(instance, region, openByGroup)));
                    }
                }
                Database.insert(connection, scanRun, new Database.Rows("ec2_instances", COLUMNS, rows));
                stored += rows.size();
            }
            return stored;
        }
    }

    private static Object[] row(long tenant, Timestamp scanned, Ec2Instance instance) {
        return new Object[] {tenant, scanned, instance.instanceId(), instance.instanceType(), instance.state(), instance.region(),
            instance.publicIp(), instance.privateIp(), json(instance.tags()), instance.vpcId(), instance.subnetId(),
            instance.launchTime() == null ? null : Timestamp.from(instance.launchTime()), instance.imageId(),
            instance.imdsV2Required(), json(instance.securityGroupIds()), json(instance.openIngress())};
    }

    private static String json(Object value) {
        try {
            return Api.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
