package io.clouddiagnoze.bus;

import io.clouddiagnoze.bus.BusAccess.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Applies the event bus's security to a broker, as its administrator: every principal's SCRAM-SHA-512 credential, every
 * topic (created when missing; records timed by the broker when it appends them, the time scan tokens are checked
 * against), and for each principal exactly the ACLs {@link BusAccess} lists: any other ACL of theirs is removed. Run it
 * once per deployment (the launcher, compose, a Kubernetes Job), after the broker and before the services; running
 * it again changes nothing but what was changed. Its settings: see {@link BusTool}.
 */
public final class BusSetup {
    /** SCRAM's iterations: the most Kafka accepts is 16,384; 8,192 costs a login a few milliseconds. */
    private static final int SCRAM_ITERATIONS = 8192;
    private static final int ATTEMPTS = 5;
    private static final Map<String, String> TOPIC_CONFIG =
            Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

    private final BusSettings settings;

    BusSetup(BusSettings settings) {
        this.settings = settings;
    }

    /**
     * Applies it, again while the broker answers with an error it calls transient (a broker that has just opened its port
     * may not yet know its controller): each step is idempotent. At most {@link #ATTEMPTS} times, two seconds apart.
     */
    void apply() throws ExecutionException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                applyOnce();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || attempt == ATTEMPTS) {
                    throw e;
                }
                System.err.println("event bus setup: " + e.getCause() + "; again in 2 s (attempt " + attempt + " of " + ATTEMPTS + ")");
                Thread.sleep(2000);
            }
        }
    }

    private void applyOnce() throws ExecutionException, InterruptedException {
        List<Principal> principals = BusAccess.principals();
        try (Admin admin = Admin.create(settings.client())) {
            credentials(admin, principals);
            int created = topics(admin);
            int[] acls = acls(admin, principals);
            System.out.println("event bus at " + settings.bootstrapServers() + ": " + principals.size()
                    + " principals, " + BusAccess.topics().size() + " topics (" + created + " created now), ACLs: " + acls[0]
                    + " added, " + acls[1] + " removed");
        }
    }

    private void credentials(Admin admin, List<Principal> principals) throws ExecutionException, InterruptedException {
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        for (Principal principal : principals) {
            upserts.add(new UserScramCredentialUpsertion(principal.name(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), settings.required(principal.passwordVariable())));
        }
        admin.alterUserScramCredentials(upserts).all().get();
    }

    private int topics(Admin admin) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = BusAccess.topics().stream().filter(topic -> !existing.contains(topic))
                .map(topic -> new NewTopic(topic, Integer.parseInt(settings.get("KAFKA_PARTITIONS", "8")),
                        Short.parseShort(settings.get("KAFKA_REPLICATION_FACTOR", "1"))).configs(TOPIC_CONFIG))
                .toList();
        admin.createTopics(missing).all().get();
        Map<ConfigResource, Collection<AlterConfigOp>> timestamps = new HashMap<>();
        for (String topic : existing) {
            if (BusAccess.topics().contains(topic)) {
                timestamps.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), TOPIC_CONFIG.entrySet().stream()
                        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList());
            }
        }
        admin.incrementalAlterConfigs(timestamps).all().get();
        return missing.size();
    }

    /** Adds the ACLs each principal should have and removes the others it has; returns {added, removed}. */
    private int[] acls(Admin admin, List<Principal> principals) throws ExecutionException, InterruptedException {
        Set<AclBinding> wanted = new HashSet<>();
        Set<AclBinding> present = new HashSet<>();
        for (Principal principal : principals) {
            wanted.addAll(bindings(principal));
            AclBindingFilter theirs = new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(
                    user(principal), null, AclOperation.ANY, AclPermissionType.ANY));
            present.addAll(admin.describeAcls(theirs).values().get());
        }
        List<AclBinding> add = wanted.stream().filter(binding -> !present.contains(binding)).toList();
        List<AclBindingFilter> remove = present.stream().filter(binding -> !wanted.contains(binding)).map(AclBinding::toFilter).toList();
        admin.createAcls(add).all().get();
        admin.deleteAcls(remove).all().get();
        return new int[] {add.size(), remove.size()};
    }

    /** What {@code principal} may do: read its topics as its group, write its topics. */
    static List<AclBinding> bindings(Principal principal) {
        List<AclBinding> bindings = new ArrayList<>();
        for (String topic : principal.reads()) {
            bindings.add(allow(principal, ResourceType.TOPIC, topic, AclOperation.READ));
        }
        if (!principal.reads().isEmpty()) {
            bindings.add(allow(principal, ResourceType.GROUP, principal.group(), AclOperation.READ));
        }
        for (String topic : principal.writes()) {
            bindings.add(allow(principal, ResourceType.TOPIC, topic, AclOperation.WRITE));
        }
        return bindings;
    }

    private static AclBinding allow(Principal principal, ResourceType type, String name, AclOperation operation) {
        PatternType pattern = BusAccess.isPrefix(name) ? PatternType.PREFIXED : PatternType.LITERAL;
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(user(principal), "*", operation, AclPermissionType.ALLOW));
    }

    private static String user(Principal principal) {
        return "User:" + principal.name();
    }

}
