package io.clouddiagnoze.emulator.rds;

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
import io.clouddiagnoze.emulator.state.Database;
import io.clouddiagnoze.emulator.state.RegionInventory;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** RDS: DescribeDBInstances with MaxRecords/Marker paging. */
public final class RdsHandler implements ServiceHandler {

    private static final String NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";
    private static final ServiceErrors ERRORS = new ServiceErrors(400, "Throttling", "Rate exceeded", 403, "AccessDenied");

    @Override
    public String signingName() {
        return "rds";
    }

    @Override
    public Protocol protocol(AwsRequest request) {
        return Protocol.QUERY;
    }

    @Override
    public ServiceErrors errors() {
        return ERRORS;
    }

    @Override
    public ServiceCall identify(AwsRequest request) {
        return QueryCalls.identify(request, Protocol.QUERY);
    }

    @Override
    public Reply handle(ServiceCall call, CallContext context) {
        if (!call.operation().equals("DescribeDBInstances")) {
            throw call.protocol().unknownOperation(call.operation());
        }
        JsonNode input = call.input();
        RegionInventory region = context.account().region(context.region());
        Integer maxRecords = Params.integer(input, "MaxRecords");
        if (maxRecords != null && (maxRecords < 20 || maxRecords > 100)) {
            throw ApiError.badRequest("InvalidParameterValue",
                    "Invalid value " + maxRecords + " for MaxRecords. Must be between 20 and 100");
        }
        String identifier = Params.text(input, "DBInstanceIdentifier");
        List<Database> candidates = identifier == null ? region.databases()
                : List.of(region.database(identifier).orElseThrow(() -> new ApiError(404, "DBInstanceNotFound",
                        "DBInstance " + identifier + " not found.")));
        Paging.Page<Database> page = Paging.page(candidates, filters(input), Params.text(input, "Marker"),
                maxRecords == null ? 100 : maxRecords, "InvalidParameterValue");
        String account = context.account().id();
        return QueryCalls.response(call, NAMESPACE, context.requestId(), xml -> {
            xml.start("DBInstances");
            page.items().forEach(database -> database(xml, database, account, context.region()));
            xml.end().element("Marker", page.nextToken());
        });
    }

    /** {@code Filters.Filter.N.Name} with {@code Values.Value.M}: db-instance-id and engine are supported. */
    private static Predicate<Database> filters(JsonNode input) {
        Predicate<Database> all = database -> true;
        JsonNode filters = input.path("Filters");
        for (JsonNode filter : Params.list(filters, "Filter")) {
            Set<String> values = Set.copyOf(Params.strings(filter.path("Values"), "Value"));
            String name = Params.text(filter, "Name");
            Predicate<Database> matches = switch (name == null ? "" : name) {
                case "db-instance-id" -> database -> values.contains(database.id());
                case "engine" -> database -> values.contains(database.engine());
                default -> throw ApiError.badRequest("InvalidParameterValue", "Unrecognized filter name: " + name);
            };
            all = all.and(matches);
        }
        return all;
    }

    private static void database(XmlWriter xml, Database database, String account, String region) {
        xml.start("DBInstance")
                .element("DBInstanceIdentifier", database.id())
                .element("DBInstanceClass", database.instanceClass())
                .element("Engine", database.engine())
                .element("DBInstanceStatus", database.status())
                .element("MasterUsername", "admin")
                .start("Endpoint")
                .element("Address", database.id() + ".c1emulator.rds." + region + ".amazonaws.com")
                .element("Port", database.port())
                .end()
                .element("AllocatedStorage", database.allocatedStorage())
                .element("InstanceCreateTime", database.createTime())
                .element("PreferredBackupWindow", "03:00-04:00")
                .element("BackupRetentionPeriod", database.backupRetentionPeriod())
                .element("AvailabilityZone", database.availabilityZone())
                .element("PreferredMaintenanceWindow", "sun:05:00-sun:06:00")
                .element("MultiAZ", database.multiAZ())
                .element("EngineVersion", database.engineVersion())
                .element("AutoMinorVersionUpgrade", database.autoMinorVersionUpgrade())
                .element("PubliclyAccessible", database.publiclyAccessible())
                .element("StorageType", "gp3")
                .element("StorageEncrypted", database.storageEncrypted())
                .element("KmsKeyId", database.storageEncrypted()
                        ? "arn:aws:kms:" + region + ":" + account + ":key/rds-default" : null)
                .element("DbiResourceId", "db-" + Integer.toHexString(database.id().hashCode()).toUpperCase())
                .element("DBInstanceArn", "arn:aws:rds:" + region + ":" + account + ":db:" + database.id())
                .element("DeletionProtection", database.deletionProtection())
                .start("TagList");
        database.tags().forEach((key, value) -> xml.start("Tag").element("Key", key).element("Value", value).end());
        xml.end().end();
    }
}
