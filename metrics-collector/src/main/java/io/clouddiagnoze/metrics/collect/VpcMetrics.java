package io.clouddiagnoze.metrics.collect;

import io.clouddiagnoze.aws.AccountSession;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.metrics.store.PerformanceTable;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * A VPC's network bytes in and out: CloudWatch has no per-VPC traffic metric, so they are the sums of
 * NetworkIn and NetworkOut over the instances in the VPC (found with DescribeInstances, filtered by VPC).
 * A VPC with no instances has no points.
 */
final class VpcMetrics implements MetricSource {
    /** EC2 takes at most 200 values in one filter. */
    private static final int VPCS_PER_CALL = 200;
    private static final int INSTANCES_PER_PAGE = 1000;

    @Override
    public ServiceType service() {
        return ServiceType.VPC;
    }

    @Override
    public Uni<List<MetricQuery>> queries(AccountSession session, String region, List<ResourceKey> resources, Window window) {
        Map<String, ResourceKey> vpcs = resources.stream().collect(Collectors.toMap(ResourceKey::naturalId, Function.identity()));
        Ec2AsyncClient ec2 = session.client(region, Ec2AsyncClient::builder);
        List<String> ids = List.copyOf(vpcs.keySet());
        List<List<String>> calls = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += VPCS_PER_CALL) {
            calls.add(ids.subList(from, Math.min(ids.size(), from + VPCS_PER_CALL)));
        }
        PerformanceTable.Metric in = PerformanceTable.VPC.metricInColumn("network_in_bytes");
        PerformanceTable.Metric out = PerformanceTable.VPC.metricInColumn("network_out_bytes");
        return Multi.createFrom().iterable(calls)
                .onItem().transformToMultiAndConcatenate(call -> session.pages(ec2.describeInstancesPaginator(
                        DescribeInstancesRequest.builder().maxResults(INSTANCES_PER_PAGE)
                                .filters(Filter.builder().name("vpc-id").values(call).build()).build())))
                .onItem().transformToIterable(page -> page.reservations().stream()
                        .flatMap(reservation -> reservation.instances().stream()).toList())
                .filter(instance -> vpcs.containsKey(instance.vpcId()))
                .onItem().transformToIterable((Instance instance) -> List.of(
                        MetricQuery.of(vpcs.get(instance.vpcId()), in, "AWS/EC2", in.cloudWatchName(), "InstanceId", instance.instanceId(),
                                "Sum", window),
                        MetricQuery.of(vpcs.get(instance.vpcId()), out, "AWS/EC2", out.cloudWatchName(), "InstanceId", instance.instanceId(),
                                "Sum", window)))
                .collect().asList();
    }
}
