package io.clouddiagnoze.emulator.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.protocol.Paging;
import io.clouddiagnoze.emulator.protocol.Params;
import io.clouddiagnoze.emulator.protocol.Protocol;
import io.clouddiagnoze.emulator.protocol.Reply;
import io.clouddiagnoze.emulator.protocol.XmlWriter;
import io.clouddiagnoze.emulator.server.AwsRequest;
import io.clouddiagnoze.emulator.server.CallContext;
import io.clouddiagnoze.emulator.server.QueryCalls;
import io.clouddiagnoze.emulator.server.ServiceCall;
import io.clouddiagnoze.emulator.server.ServiceErrors;
import io.clouddiagnoze.emulator.server.ServiceHandler;
import io.clouddiagnoze.emulator.state.Instance;
import io.clouddiagnoze.emulator.state.RegionInventory;
import io.clouddiagnoze.emulator.state.SecurityGroup;
import io.clouddiagnoze.emulator.state.Vpc;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/** EC2: regions, instances, VPCs, subnets, security groups and flow logs of the caller's account and region. */
public final class Ec2Handler implements ServiceHandler {

    private static final ServiceErrors ERRORS = new ServiceErrors(503, "RequestLimitExceeded",
            "Request limit exceeded.", 403, "UnauthorizedOperation");
    // Without MaxResults EC2 still pages very large answers; the SDK paginators follow the token.
    private static final int DEFAULT_PAGE_SIZE = 1000;
    private static final List<String> REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "ap-south-1",
            "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "sa-east-1");

    private static final Selection<String> REGION_SELECTION = new Selection<>("RegionName", null, null,
            Function.identity(), new Ec2Filters<String>(region -> Map.of())
                    .field("region-name", region -> region)
                    .field("endpoint", Ec2Handler::regionEndpoint)
                    .field("opt-in-status", region -> "opt-in-not-required"), 1);
    private static final Selection<Instance> INSTANCE_SELECTION = new Selection<>("InstanceId",
            "InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", Instance::id,
            new Ec2Filters<>(Instance::tags)
                    .field("instance-id", Instance::id)
                    .field("vpc-id", Instance::vpcId)
                    .field("subnet-id", Instance::subnetId)
                    .field("instance-state-name", Instance::state)
                    .field("instance-type", Instance::type)
                    .field("availability-zone", Instance::availabilityZone)
                    .field("image-id", Instance::imageId)
                    .field("ip-address", Instance::publicIp)
                    .field("private-ip-address", Instance::privateIp)
                    .field("metadata-options.http-tokens", Instance::httpTokens)
                    .field("instance.group-id", Instance::securityGroupIds), 5);
    private static final Selection<Vpc> VPC_SELECTION = new Selection<>("VpcId", "InvalidVpcID.NotFound",
            "The vpc ID '%s' does not exist", Vpc::id, new Ec2Filters<>(Vpc::tags)
                    .field("vpc-id", Vpc::id)
                    .field("is-default", Vpc::isDefault)
                    .field("cidr", Vpc::cidrBlock)
                    .field("cidr-block-association.cidr-block", Vpc::cidrBlock)
                    .field("state", Vpc::state), 5);
    private static final Selection<Vpc.Subnet> SUBNET_SELECTION = new Selection<>("SubnetId",
            "InvalidSubnetID.NotFound", "The subnet ID '%s' does not exist", Vpc.Subnet::id,
            new Ec2Filters<>(Vpc.Subnet::tags)
                    .field("subnet-id", Vpc.Subnet::id)
                    .field("vpc-id", Vpc.Subnet::vpcId)
                    .field("availability-zone", Vpc.Subnet::availabilityZone)
                    .field("cidr-block", Vpc.Subnet::cidrBlock)
                    .field("default-for-az", Vpc.Subnet::defaultForAz)
                    .field("map-public-ip-on-launch", Vpc.Subnet::mapPublicIpOnLaunch), 5);
    private static final Selection<SecurityGroup> GROUP_SELECTION = new Selection<>("GroupId",
            "InvalidGroup.NotFound", "The security group '%s' does not exist", SecurityGroup::id,
            new Ec2Filters<>(SecurityGroup::tags)
                    .field("group-id", SecurityGroup::id)
                    .field("group-name", SecurityGroup::name)
                    .field("vpc-id", SecurityGroup::vpcId)
                    .field("description", SecurityGroup::description), 5);
    private static final Selection<Vpc.FlowLog> FLOW_LOG_SELECTION = new Selection<>("FlowLogId",
            "InvalidFlowLogId.NotFound", "The flow log ID '%s' does not exist", Vpc.FlowLog::id,
            new Ec2Filters<Vpc.FlowLog>(flowLog -> Map.of())
                    .field("flow-log-id", Vpc.FlowLog::id)
                    .field("resource-id", Vpc.FlowLog::resourceId)
                    .field("traffic-type", Vpc.FlowLog::trafficType)
                    .field("log-destination-type", Vpc.FlowLog::logDestinationType)
                    .field("deliver-log-status", flowLog -> "SUCCESS"), 1);

    @Override
    public String signingName() {
        return "ec2";
    }

    @Override
    public Protocol protocol(AwsRequest request) {
        return Protocol.EC2;
    }

    @Override
    public ServiceErrors errors() {
        return ERRORS;
    }

    @Override
    public ServiceCall identify(AwsRequest request) {
        return QueryCalls.identify(request, Protocol.EC2);
    }

    @Override
    public Reply handle(ServiceCall call, CallContext context) {
        RegionInventory region = context.account().region(context.region());
        String owner = context.account().id();
        String regionName = context.region();
        JsonNode input = call.input();
        return switch (call.operation()) {
            case "DescribeRegions" -> respond(call, context, "regionInfo",
                    select(input, REGION_SELECTION, REGIONS), (xml, name) -> xml.start("item")
                            .element("regionName", name).element("regionEndpoint", regionEndpoint(name))
                            .element("optInStatus", "opt-in-not-required").end());
            case "DescribeInstances" -> describeInstances(call, context, region);
            case "DescribeVpcs" -> respond(call, context, "vpcSet",
                    select(input, VPC_SELECTION, region.vpcs()), (xml, vpc) -> Ec2Xml.vpc(xml, vpc, owner));
            case "DescribeSubnets" -> respond(call, context, "subnetSet",
                    select(input, SUBNET_SELECTION, region.subnets()),
                    (xml, subnet) -> Ec2Xml.subnet(xml, subnet, owner, regionName));
            case "DescribeSecurityGroups" -> respond(call, context, "securityGroupInfo",
                    select(input, GROUP_SELECTION, region.securityGroups()),
                    (xml, group) -> Ec2Xml.securityGroup(xml, group, owner, regionName));
            case "DescribeFlowLogs" -> respond(call, context, "flowLogSet",
                    select(input, FLOW_LOG_SELECTION, region.flowLogs()), Ec2Xml::flowLog);
            default -> throw call.protocol().unknownOperation(call.operation());
        };
    }

    private Reply describeInstances(ServiceCall call, CallContext context, RegionInventory region) {
        Paging.Page<Instance> page = select(call.input(), INSTANCE_SELECTION, region.instances().all(),
                region.instances()::byId);
        return QueryCalls.ec2Response(call, context.requestId(), xml -> {
            xml.start("reservationSet");
            List<Instance> instances = page.items();
            // A reservation groups the instances launched together; consecutive ones share an element.
            for (int start = 0; start < instances.size(); ) {
                String reservationId = instances.get(start).reservationId();
                xml.start("item").element("reservationId", reservationId)
                        .element("ownerId", context.account().id()).start("groupSet").end().start("instancesSet");
                int end = start;
                while (end < instances.size() && instances.get(end).reservationId().equals(reservationId)) {
                    Ec2Xml.instance(xml, instances.get(end++), region);
                }
                xml.end().end();
                start = end;
            }
            xml.end().element("nextToken", page.nextToken());
        });
    }

    private static <T> Reply respond(ServiceCall call, CallContext context, String setElement, Paging.Page<T> page,
                                     BiConsumer<XmlWriter, T> writer) {
        return QueryCalls.ec2Response(call, context.requestId(), xml -> {
            xml.start(setElement);
            page.items().forEach(item -> writer.accept(xml, item));
            xml.end().element("nextToken", page.nextToken());
        });
    }

    private static <T> Paging.Page<T> select(JsonNode input, Selection<T> selection, List<T> all) {
        return select(input, selection, all,
                id -> all.stream().filter(item -> selection.id().apply(item).equals(id)).findFirst());
    }

    /** The resources a Describe call asks for: by ids (all must exist) or by filters, one page at a time. */
    private static <T> Paging.Page<T> select(JsonNode input, Selection<T> selection, List<T> all,
                                             Function<String, Optional<T>> lookup) {
        Predicate<T> filter = selection.filters().parse(input);
        List<String> ids = Params.strings(input, selection.idParameter());
        Integer maxResults = Params.integer(input, "MaxResults");
        if (!ids.isEmpty()) {
            if (maxResults != null) {
                throw ApiError.badRequest("InvalidParameterCombination", "The parameter " + selection.idParameter()
                        + " cannot be used with the parameter maxResults");
            }
            return new Paging.Page<>(ids.stream().distinct()
                    .map(id -> lookup.apply(id).orElseThrow(() -> selection.notFound(id)))
                    .filter(filter).toList(), null);
        }
        if (maxResults != null && (maxResults < selection.minResults() || maxResults > 1000)) {
            throw ApiError.badRequest("InvalidParameterValue", "Value ( " + maxResults
                    + " ) for parameter maxResults is invalid. Expecting a value between "
                    + selection.minResults() + " and 1000.");
        }
        return Paging.page(all, filter, Params.text(input, "NextToken"),
                maxResults == null ? DEFAULT_PAGE_SIZE : maxResults, "InvalidParameterValue");
    }

    private static String regionEndpoint(String region) {
        return "ec2." + region + ".amazonaws.com";
    }

    /** How a Describe call picks one resource type: by its id parameter, its filters, its page bounds. */
    private record Selection<T>(String idParameter, String notFoundCode, String notFoundMessage,
                                Function<T, String> id, Ec2Filters<T> filters, int minResults) {

        ApiError notFound(String requestedId) {
            if (notFoundCode == null) {
                return ApiError.badRequest("InvalidParameterValue", "Invalid value '" + requestedId + "'");
            }
            return ApiError.badRequest(notFoundCode, String.format(notFoundMessage, requestedId));
        }
    }
}
