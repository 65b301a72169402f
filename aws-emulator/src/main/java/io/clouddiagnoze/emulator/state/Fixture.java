package io.clouddiagnoze.emulator.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON fixture format: accounts, each with the roles the platform may assume (and their
 * ExternalIds) and its resources per region. See the module README for an example.
 */
public record Fixture(List<AccountFixture> accounts) {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public Fixture {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    /** One account: its id, its trusted roles, its resources keyed by region name, and its account-level S3 block. */
    public record AccountFixture(String id, List<Role> roles, Map<String, RegionFixture> regions,
                                 Bucket.PublicAccessBlock publicAccessBlock) {

        public AccountFixture {
            roles = roles == null ? List.of() : List.copyOf(roles);
            regions = regions == null ? Map.of() : Map.copyOf(regions);
            for (Role role : roles) {
                if (!role.accountId().equals(id)) {
                    throw new IllegalArgumentException("role " + role.arn() + " is not in account " + id);
                }
            }
        }

        Account toAccount() {
            Map<String, RegionInventory> inventories = new HashMap<>();
            List<Bucket> buckets = new ArrayList<>();
            regions.forEach((name, region) -> {
                inventories.put(name, RegionInventory.listed(
                        region.instances(), region.securityGroups(), region.vpcs(), region.databases()));
                region.buckets().forEach(bucket -> buckets.add(bucket.in(name)));
            });
            return new Account(id, inventories, buckets, publicAccessBlock);
        }
    }

    /** The resources of one account in one region, buckets included (they live in a region too). */
    public record RegionFixture(List<Instance> instances, List<SecurityGroup> securityGroups, List<Vpc> vpcs,
                                List<Bucket> buckets, List<Database> databases) {

        public RegionFixture {
            instances = instances == null ? List.of() : instances;
            securityGroups = securityGroups == null ? List.of() : securityGroups;
            vpcs = vpcs == null ? List.of() : vpcs;
            buckets = buckets == null ? List.of() : buckets;
            databases = databases == null ? List.of() : databases;
        }
    }

    /** A fixture shipped in the jar ({@code demo}) or a JSON file on disk. */
    public static Fixture named(String nameOrPath) {
        try (InputStream shipped = Fixture.class.getResourceAsStream("/fixtures/" + nameOrPath + ".json")) {
            if (shipped != null) {
                return parse(shipped.readAllBytes());
            }
            Path file = Path.of(nameOrPath);
            if (Files.isRegularFile(file)) {
                return parse(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no fixture named '" + nameOrPath + "' (neither shipped nor a file)");
    }

    public static Fixture parse(byte[] json) {
        try {
            return MAPPER.readValue(json, Fixture.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid fixture: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's first account, used as the template when a new tenant is onboarded. */
    public Account firstAccount() {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("the fixture has no account");
        }
        return accounts.get(0).toAccount();
    }
}
