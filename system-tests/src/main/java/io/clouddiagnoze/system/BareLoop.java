package io.clouddiagnoze.system;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Baseline (b) of the end-to-end ingest: the SDK calls ec2-scanner makes for one region of a tenant's account
 * (DescribeSecurityGroups, then DescribeInstances pages of its page size), each page turned into rows and
 * INSERTed at once into the same table, in one thread — no Kafka, no services, nothing between the calls and the
 * database.
 */
final class BareLoop {
    private static final List<String> ANYWHERE = List.of("0.0.0.0/0", "::/0");
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
            Map<String, List<Map<String, Object>>> openByGroup = new HashMap<>();
            ec2.describeSecurityGroupsPaginator(r -> r.maxResults(1000)).securityGroups()
                    .forEach(group -> openByGroup.put(group.groupId(), openRules(group)));
            Timestamp scanned = new Timestamp(System.currentTimeMillis());
            long stored = 0;
            for (var page : ec2.describeInstancesPaginator(r -> r.maxResults(pageSize))) {
                List<Object[]> rows = new ArrayList<>();
                for (Reservation reservation : page.reservations()) {
                    for (Instance instance : reservation.instances()) {
                        rows.add(row(tenant.id(), scanned, region, instance, openByGroup));
                    }
                }
                Database.insert(connection, scanRun, new Database.Rows("ec2_instances", COLUMNS, rows));
                stored += rows.size();
            }
            return stored;
        }
    }

    private static Object[] row(long tenant, Timestamp scanned, String region, Instance instance,
                                Map<String, List<Map<String, Object>>> openByGroup) {
        Map<String, String> tags = new HashMap<>();
        for (Tag tag : instance.tags()) {
            tags.put(tag.key(), tag.value());
        }
        List<String> groups = instance.securityGroups().stream().map(GroupIdentifier::groupId).toList();
        List<Map<String, Object>> open = groups.stream().flatMap(group -> openByGroup.getOrDefault(group, List.of()).stream()).toList();
        return new Object[] {tenant, scanned, instance.instanceId(), instance.instanceTypeAsString(),
            instance.state() == null ? null : instance.state().nameAsString(), region, instance.publicIpAddress(),
            instance.privateIpAddress(), json(tags), instance.vpcId(), instance.subnetId(),
            instance.launchTime() == null ? null : Timestamp.from(instance.launchTime()), instance.imageId(),
            instance.metadataOptions() != null && instance.metadataOptions().httpTokens() == HttpTokensState.REQUIRED,
            json(groups), json(open)};
    }

    private static List<Map<String, Object>> openRules(SecurityGroup group) {
        List<Map<String, Object>> open = new ArrayList<>();
        for (IpPermission permission : group.ipPermissions()) {
            permission.ipRanges().stream().filter(range -> ANYWHERE.contains(range.cidrIp()))
                    .forEach(range -> open.add(rule(group, permission, range.cidrIp())));
            permission.ipv6Ranges().stream().filter(range -> ANYWHERE.contains(range.cidrIpv6()))
                    .forEach(range -> open.add(rule(group, permission, range.cidrIpv6())));
        }
        return open;
    }

    private static Map<String, Object> rule(SecurityGroup group, IpPermission permission, String cidr) {
        Map<String, Object> rule = new HashMap<>();
        rule.put("groupId", group.groupId());
        rule.put("protocol", permission.ipProtocol());
        rule.put("fromPort", permission.fromPort());
        rule.put("toPort", permission.toPort());
        rule.put("cidr", cidr);
        return rule;
    }

    private static String json(Object value) {
        try {
            return Api.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
