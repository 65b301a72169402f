package io.clouddiagnoze.emulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class QueryParserTest {

    @Test
    void ec2StyleListsBecomeArrays() {
        JsonNode tree = QueryParser.parse("Action=DescribeInstances&Filter.1.Name=tag%3AEnv&Filter.1.Value.1=prod"
                + "&Filter.1.Value.2=dev&Filter.2.Name=vpc-id&Filter.2.Value.1=vpc-1&InstanceId.1=i-1");

        assertThat(tree.path("Filter").size()).isEqualTo(2);
        assertThat(tree.path("Filter").get(0).path("Name").asText()).isEqualTo("tag:Env");
        assertThat(Params.strings(tree.path("Filter").get(0), "Value")).containsExactly("prod", "dev");
        assertThat(Params.strings(tree, "InstanceId")).containsExactly("i-1");
    }

    @Test
    void queryProtocolMemberWrappersAreDropped() {
        JsonNode tree = QueryParser.parse("", "MetricDataQueries.member.2.Id=b&MetricDataQueries.member.1.Id=a"
                + "&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=InstanceId");

        assertThat(tree.path("MetricDataQueries").get(0).path("Id").asText()).isEqualTo("a");
        assertThat(tree.path("MetricDataQueries").get(1).path("Id").asText()).isEqualTo("b");
        assertThat(tree.at("/MetricDataQueries/0/MetricStat/Metric/Dimensions/0/Name").asText()).isEqualTo("InstanceId");
    }

    @Test
    void anEmptyListIsEmpty() {
        assertThat(Params.list(QueryParser.parse("MetricDataQueries="), "MetricDataQueries")).isEmpty();
    }

    @Test
    void malformedNamesAreA400() {
        assertThatThrownBy(() -> QueryParser.parse("Filter.0.Name=x"))
                .isInstanceOfSatisfying(ApiError.class, error -> assertThat(error.code()).isEqualTo("MalformedQueryString"));
        assertThatThrownBy(() -> QueryParser.parse("Filter.1=x&Filter.Name=y"))
                .isInstanceOfSatisfying(ApiError.class, error -> assertThat(error.status()).isEqualTo(400));
    }
}
