package io.clouddiagnoze.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.bus.BusAccess;
import io.clouddiagnoze.bus.BusAccess.Principal;
import io.clouddiagnoze.deploy.NetworkPolicies.Endpoint;
import io.clouddiagnoze.deploy.NetworkPolicies.Port;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parses every manifest in deploy/k8s with the Kubernetes model and checks what a deployment relies on. */
class KubernetesManifestsTest {
    private static final Path MANIFESTS = Path.of("k8s");
    private static final String NAMESPACE = "clouddiagnoze";
    private static final String NAME = "app.kubernetes.io/name";
    private static final Set<String> SERVICES = Set.of("auth-service", "scan-orchestrator", "metrics-collector",
            "notification-service", "ec2-scanner", "s3-scanner", "vpc-scanner", "rds-scanner");
    /** The gateway image serving the console's files. */
    private static final String WEB_CONSOLE = "web-console";
    private static final Set<String> SCANNERS = Set.of("ec2-scanner", "s3-scanner", "vpc-scanner", "rds-scanner");
    /** The workloads that call AWS: they alone hold the AWS role and reach outside the cluster. */
    private static final Set<String> AWS_CALLERS = Set.of("ec2-scanner", "s3-scanner", "vpc-scanner", "rds-scanner",
            "metrics-collector");
    private static final String ROLE_ARN = "eks.amazonaws.com/role-arn";
    /** The daily backup of the database: it writes to object storage with an AWS role of its own. */
    private static final String BACKUP = "database-backup";
    /** Its retention job moves old scans to the archive bucket, with an AWS role of its own. */
    private static final String ARCHIVER = "scan-orchestrator";
    /** The HTTP calls between workloads: the JWKS that verifies tokens, the scheduler's token and its scans. */
    private static final Map<String, Set<String>> CALLS = Map.of(
            "scan-orchestrator", Set.of("auth-service"), "metrics-collector", Set.of("auth-service"),
            "notification-service", Set.of("auth-service"),
            "ec2-scanner", Set.of("auth-service"), "s3-scanner", Set.of("auth-service"),
            "vpc-scanner", Set.of("auth-service"), "rds-scanner", Set.of("auth-service"),
            "scheduled-scans", Set.of("auth-service", "scan-orchestrator"));
    /** What the cluster provides, labelled as 50-network-policies.yaml expects it. */
    private static final Endpoint MARIADB = Endpoint.pod(NAMESPACE, Map.of(NAME, "mariadb"));
    private static final Endpoint BROKER = Endpoint.pod(NAMESPACE, Map.of(NAME, "kafka"));
    private static final Endpoint DNS = Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"));
    private static final Endpoint INGRESS_CONTROLLER = Endpoint.pod("ingress-nginx", Map.of(NAME, "ingress-nginx"));
    private static final Endpoint PROMETHEUS = Endpoint.pod("monitoring", Map.of(NAME, "prometheus"));
    /** Addresses outside the cluster, as AWS's endpoints have. */
    private static final List<Endpoint> OUTSIDE = List.of(Endpoint.outside("52.94.0.1"), Endpoint.outside("2600:1f18::1"));
    /** Sends alerts: to tenants' receivers over HTTPS outside the cluster, and through the mail relay. */
    private static final String NOTIFICATIONS = "notification-service";
    /** Addresses inside the cluster's or the cloud's networks, which no alert may be posted to. */
    private static final List<Endpoint> INTERNAL = List.of(Endpoint.outside("10.0.0.5"), Endpoint.outside("169.254.169.254"),
            Endpoint.outside("fd00::5"));
    private static final String ADMIN_PASSWORD = "KAFKA_ADMIN_PASSWORD";
    /** The Secret's key holding the CA certificate that signed the cluster broker's certificate. */
    private static final String KAFKA_CA = "kafka-ca.pem";

    private static List<HasMetadata> resources;

    @BeforeAll
    static void parse() throws IOException {
        resources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (!document.strip().lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                        HasMetadata resource = Serialization.unmarshal(document);
                        assertThat(resource.getMetadata().getNamespace()).as(file + ": " + resource.getKind())
                                .isIn(NAMESPACE, null);
                        resources.add(resource);
                    }
                }
            }
        }
    }

    @Test
    void everyServiceRunsAsADeploymentWithProbesLimitsAndNoPrivilegeBehindAService() {
        Map<String, Deployment> deployments = byName(Deployment.class);
        Map<String, Service> services = byName(Service.class);
        assertThat(deployments.keySet()).containsExactlyInAnyOrderElementsOf(
                Stream.concat(SERVICES.stream(), Stream.of(WEB_CONSOLE)).toList());
        for (Deployment deployment : deployments.values()) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app.kubernetes.io/name", name));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", name);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            Container container = pod.getContainers().get(0);
            assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
            int port = container.getPorts().get(0).getContainerPort();
            List<Integer> ports = container.getPorts().stream().map(p -> p.getContainerPort()).toList();
            // As docker-compose's health checks, and what the fault suite's load case (system-tests' LoadBurst) holds them to.
            assertThat(container.getReadinessProbe().getTimeoutSeconds()).as(name).isEqualTo(5);
            assertThat(container.getLivenessProbe().getTimeoutSeconds()).as(name).isEqualTo(5);
            if (name.equals(WEB_CONSOLE)) {
                assertThat(container.getImage()).startsWith("clouddiagnoze/gateway:");
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
            } else {
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).as(name).isEqualTo("/q/health/ready");
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).as(name).isEqualTo("/q/health/live");
                assertThat(env(container, "QUARKUS_HTTP_PORT")).as(name).isEqualTo(String.valueOf(port));
            }

            Service service = services.get(name);
            assertThat(service).as("the Service of " + name).isNotNull();
            assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("app.kubernetes.io/name", name));
            assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactlyElementsOf(ports);
        }
    }

    @Test
    void theIngressRoutesAsTheGatewayDoesToServicesThatExist() {
        Ingress ingress = byName(Ingress.class).get("clouddiagnoze");
        Map<String, Integer> ports = byName(Service.class).values().stream().collect(Collectors.toMap(
                s -> s.getMetadata().getName(), s -> s.getSpec().getPorts().get(0).getPort()));
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        Map<String, String> routes = paths.stream().collect(Collectors.toMap(HTTPIngressPath::getPath,
                p -> p.getBackend().getService().getName()));
        assertThat(routes).containsEntry("/auth", "auth-service").containsEntry("/api/metrics", "metrics-collector")
                .containsEntry("/api/alerts", NOTIFICATIONS)
                .containsEntry("/api", "scan-orchestrator").containsEntry("/", WEB_CONSOLE);
        for (HTTPIngressPath path : paths) {
            var backend = path.getBackend().getService();
            assertThat(ports.get(backend.getName())).as(path.getPath()).isEqualTo(backend.getPort().getNumber());
        }
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "1m");
    }

    @Test
    void everySecretReferenceNamesAKeyOfTheSecretTemplate() {
        Secret secret = single(Secret.class);
        Set<String> keys = secret.getStringData().keySet();
        assertThat(secret.getStringData().values()).as("the template holds no real secret").containsOnly("REPLACE-ME");
        List<Container> containers = new ArrayList<>();
        byName(Deployment.class).values().forEach(d -> containers.addAll(d.getSpec().getTemplate().getSpec().getContainers()));
        byName(Job.class).values().forEach(j -> containers.addAll(j.getSpec().getTemplate().getSpec().getContainers()));
        workloads().stream().filter(w -> byName(CronJob.class).containsKey(w.name())).forEach(w -> containers.addAll(w.containers()));
        List<String> referenced = containers.stream().flatMap(c -> c.getEnv().stream())
                .map(EnvVar::getValueFrom).filter(Objects::nonNull)
                .map(from -> from.getSecretKeyRef()).filter(Objects::nonNull).map(ref -> ref.getKey()).toList();
        assertThat(referenced).isNotEmpty();
        assertThat(keys).containsAll(referenced);
        Stream.concat(byName(Deployment.class).values().stream().map(d -> d.getSpec().getTemplate().getSpec()),
                        byName(Job.class).values().stream().map(j -> j.getSpec().getTemplate().getSpec()))
                .forEach(pod -> pod.getVolumes().stream()
                        .filter(v -> v.getSecret() != null)
                        .forEach(v -> v.getSecret().getItems().forEach(item -> assertThat(keys).contains(item.getKey()))));
    }

    @Test
    void theMigrationsRunAsAJobAndTheScheduledScansAsACronJobWithTheSchedulerToken() {
        Job setup = byName(Job.class).get("database-setup");
        assertThat(setup.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsExactly("setup");
        CronJob scans = byName(CronJob.class).get("scheduled-scans");
        assertThat(scans.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        Container trigger = scans.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(String.join(" ", trigger.getArgs())).contains("/auth/service-token", "/api/scheduled-scans/run");
    }

    @Test
    void everyKafkaClientSignsInOverTlsAsItsOwnPrincipalWithItsOwnPasswordAlone() {
        Map<String, String> config = single(ConfigMap.class).getData();
        assertThat(config).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        Path truststore = Path.of(config.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
        Map<String, Deployment> deployments = byName(Deployment.class);
        List<Principal> running = BusAccess.principals().stream().filter(p -> deployments.containsKey(p.name())).toList();
        assertThat(running).extracting(Principal::name).as("the Kafka clients among the Deployments").containsAll(SCANNERS);
        for (Deployment deployment : deployments.values()) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            assertThat(container.getEnvFrom()).as(name + " takes no Secret whole").allMatch(from -> from.getSecretRef() == null);
            Optional<Principal> principal = running.stream().filter(p -> p.name().equals(name)).findFirst();
            if (principal.isEmpty()) {
                assertThat(kafkaPasswords(container)).as(name + " holds no Kafka password").isEmpty();
                assertThat(env(container, "KAFKA_SASL_USERNAME")).as(name).isNull();
                continue;
            }
            assertThat(env(container, "KAFKA_SASL_USERNAME")).as(name + "'s principal").isEqualTo(name);
            assertThat(secretKey(container, "KAFKA_SASL_PASSWORD")).as(name + "'s password").isEqualTo(principal.get().passwordVariable());
            assertThat(kafkaPasswords(container)).as(name + " is given its own password alone")
                    .containsExactly(principal.get().passwordVariable());
            assertMountsAuthority(name, pod, container, truststore);
        }
    }

    @Test
    void theSecretTemplateHoldsEveryKafkaPasswordAndTheBrokersCa() {
        assertThat(single(Secret.class).getStringData()).containsKeys(kafkaPasswordKeys().toArray(String[]::new)).containsKey(KAFKA_CA);
    }

    @Test
    void theDatabaseIsReachedOverTlsItsCertificateCheckedAgainstTheCaEachDatabaseClientMounts() {
        Map<String, String> config = single(ConfigMap.class).getData();
        assertThat(config).containsEntry("DB_TLS_MODE", "verify_identity");
        Path authority = Path.of(config.get("DB_TLS_CA_FILE"));
        assertThat(single(Secret.class).getStringData()).containsKey(authority.getFileName().toString());
        List<Workload> clients = workloads().stream().filter(w -> databaseClient(w).isPresent()).toList();
        assertThat(clients).extracting(Workload::name)
                .containsExactlyInAnyOrder("auth-service", "scan-orchestrator", "metrics-collector", NOTIFICATIONS, "database-setup",
                        BACKUP);
        for (Workload client : clients) {
            Container container = databaseClient(client).orElseThrow();
            assertThat(container.getEnvFrom()).as(client.name() + " takes the ConfigMap")
                    .anyMatch(from -> from.getConfigMapRef() != null && from.getConfigMapRef().getName().equals("clouddiagnoze-config"));
            assertMountsAuthority(client.name(), client.pod(), container, authority);
        }
    }

    @Test
    void theDatabaseIsBackedUpDailyIntoObjectStorageWithTheBackupToolAndTheAwsCli() {
        CronJob backup = byName(CronJob.class).get(BACKUP);
        assertThat(backup).as("the backup CronJob").isNotNull();
        assertThat(backup.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(backup.getSpec().getSchedule()).matches("\\d+ \\d+ \\* \\* \\*");
        PodSpec pod = backup.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Container dump = pod.getInitContainers().get(0);
        Container upload = pod.getContainers().get(0);
        assertThat(dump.getImage()).startsWith("clouddiagnoze/database-backup:");
        assertThat(dump.getArgs()).containsExactly("take", "/backups");
        assertThat(upload.getImage()).startsWith("amazon/aws-cli:");
        assertThat(String.join(" ", upload.getArgs())).contains("aws s3 cp --recursive", "/backups/", "s3://");
        assertThat(secretKeys(upload)).as("the upload holds no database password").isEmpty();
        for (Container container : List.of(dump, upload)) {
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
            assertThat(container.getResources().getLimits()).as(container.getName()).containsKeys("cpu", "memory");
            assertThat(container.getVolumeMounts()).as(container.getName()).anyMatch(m -> m.getMountPath().equals("/backups"));
        }
    }

    @Test
    void theJwkSetsAndServiceTokensComeOverTlsFromAuthServicesCertificateAndNeverOverHttp() {
        Map<String, String> config = single(ConfigMap.class).getData();
        Deployment authService = byName(Deployment.class).get("auth-service");
        Container server = authService.getSpec().getTemplate().getSpec().getContainers().get(0);
        Port https = calledPort(authService);
        assertThat(https.name()).isEqualTo("https");
        assertThat(env(server, "HTTPS_PORT")).isEqualTo(String.valueOf(https.number()));
        assertThat(authService.getSpec().getTemplate().getSpec().getVolumes()).as("auth-service's certificate")
                .anyMatch(v -> v.getSecret() != null && v.getSecret().getSecretName().equals("auth-service-tls"));
        assertThat(Path.of(env(server, "HTTPS_CERTIFICATE_FILE")).getParent()).isEqualTo(Path.of(env(server, "HTTPS_CERTIFICATE_KEY_FILE")).getParent());
        String origin = "https://auth-service." + NAMESPACE + ".svc:" + https.number() + "/";
        assertThat(config.get("AUTH_JWKS_URL")).startsWith(origin);
        assertThat(config.get("SCAN_TOKEN_JWKS_URL")).startsWith(origin);
        Path authority = Path.of(config.get("AUTH_JWKS_CA_FILE"));
        NetworkPolicies network = network();
        for (Workload client : workloads()) {
            if (!CALLS.getOrDefault(client.name(), Set.of()).contains("auth-service")) {
                continue;
            }
            assertMountsAuthority(client.name(), client.pod(), client.container(), authority);
            assertThat(network.allows(client.endpoint(), endpoint(authService), port(authService)))
                    .as(client.name() + " reaches auth-service over plain HTTP").isFalse();
        }
        String trigger = String.join("\n", byName(CronJob.class).get("scheduled-scans").getSpec().getJobTemplate().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getArgs());
        assertThat(trigger).contains("--cacert " + authority).contains(origin + "auth/service-token").doesNotContain("http://auth-service");
    }

    @Test
    void aJobAppliesTheEventBusSecurityWithTheEventBusToolAsAdmin() {
        Job job = byName(Job.class).get("event-bus-setup");
        assertThat(job).as("the event bus's setup Job").isNotNull();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container tool = pod.getContainers().get(0);
        assertThat(tool.getImage()).startsWith("clouddiagnoze/event-bus-tool:");
        assertThat(tool.getArgs()).containsExactly("setup");
        assertThat(tool.getEnvFrom()).anyMatch(from -> from.getConfigMapRef() != null
                && from.getConfigMapRef().getName().equals("clouddiagnoze-config"));
        for (String key : kafkaPasswordKeys()) {
            assertThat(secretKey(tool, key)).as(key).isEqualTo(key);
        }
        assertMountsAuthority("event-bus-setup", pod, tool,
                Path.of(single(ConfigMap.class).getData().get("KAFKA_SSL_TRUSTSTORE_LOCATION")));
    }

    @Test
    void theScannersAutoscaleByCpuOrWithKedaByConsumerLag() {
        Set<String> deployments = byName(Deployment.class).keySet();
        Map<String, HorizontalPodAutoscaler> autoscalers = byName(HorizontalPodAutoscaler.class);
        assertThat(autoscalers.keySet()).containsExactlyInAnyOrderElementsOf(SCANNERS);
        autoscalers.values().forEach(hpa -> assertThat(deployments).contains(hpa.getSpec().getScaleTargetRef().getName()));
        List<GenericKubernetesResource> scaledObjects = resources.stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).filter(r -> r.getKind().equals("ScaledObject")).toList();
        assertThat(scaledObjects).extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(SCANNERS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void kedaReadsTheConsumerLagAsTheScannerItScalesOverTls() {
        Map<String, GenericKubernetesResource> authentications = resources.stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).filter(r -> r.getKind().equals("TriggerAuthentication"))
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r));
        resources.stream().filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast)
                .filter(r -> r.getKind().equals("ScaledObject")).forEach(scaledObject -> {
                    String scanner = scaledObject.getMetadata().getName();
                    Map<String, Object> trigger = ((List<Map<String, Object>>) scaledObject.get("spec", "triggers")).get(0);
                    assertThat((Map<String, Object>) trigger.get("metadata")).as(scanner)
                            .containsEntry("sasl", "scram_sha512").containsEntry("tls", "enable");
                    String reference = String.valueOf(((Map<String, Object>) trigger.get("authenticationRef")).get("name"));
                    GenericKubernetesResource authentication = authentications.get(reference);
                    assertThat(authentication).as(scanner + "'s TriggerAuthentication").isNotNull();
                    List<Map<String, Object>> fromEnv = authentication.get("spec", "env");
                    assertThat(fromEnv).as(scanner).extracting(e -> e.get("parameter") + "=" + e.get("containerName") + "/" + e.get("name"))
                            .containsExactlyInAnyOrder("username=" + scanner + "/KAFKA_SASL_USERNAME",
                                    "password=" + scanner + "/KAFKA_SASL_PASSWORD");
                    List<Map<String, Object>> fromSecret = authentication.get("spec", "secretTargetRef");
                    assertThat(fromSecret).as(scanner).extracting(e -> e.get("parameter") + "=" + e.get("key"))
                            .containsExactly("ca=" + KAFKA_CA);
                });
    }

    @Test
    void theIngressServesItsHostOverTlsOnlyWithTheCertificateOfASecret() {
        for (Ingress ingress : byName(Ingress.class).values()) {
            String name = ingress.getMetadata().getName();
            List<IngressTLS> tls = ingress.getSpec().getTls();
            assertThat(tls).as(name + "'s TLS").hasSize(1);
            assertThat(tls.get(0).getSecretName()).as(name + "'s certificate").isEqualTo("clouddiagnoze-tls");
            assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost).as("the hosts " + name + " routes")
                    .doesNotContainNull().allSatisfy(host -> assertThat(tls.get(0).getHosts()).contains(host));
            assertThat(ingress.getMetadata().getAnnotations()).as(name)
                    .containsEntry("nginx.ingress.kubernetes.io/ssl-redirect", "true");
        }
        assertThat(byName(Ingress.class).get("clouddiagnoze").getMetadata().getAnnotations())
                .containsKey("cert-manager.io/cluster-issuer");
    }

    @Test
    void signInSignUpRefreshAndServiceTokensAreRateLimitedPerAddressAsTheLocalGatewayLimitsThem() {
        Ingress signIn = byName(Ingress.class).get("clouddiagnoze-sign-in");
        assertThat(signIn).as("the sign-in Ingress").isNotNull();
        assertThat(signIn.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/limit-rps", "10");
        List<HTTPIngressPath> paths = signIn.getSpec().getRules().get(0).getHttp().getPaths();
        assertThat(paths).extracting(HTTPIngressPath::getPath)
                .containsExactlyInAnyOrder("/auth/login", "/auth/register", "/auth/refresh", "/auth/password-reset",
                        "/auth/password-reset/complete", "/auth/service-token");
        assertThat(paths).allSatisfy(path -> {
            assertThat(path.getPathType()).as("a prefix, so that a trailing slash is limited too").isEqualTo("Prefix");
            assertThat(path.getBackend().getService().getName()).isEqualTo("auth-service");
        });
        assertThat(signIn.getSpec().getRules().get(0).getHost())
                .isEqualTo(byName(Ingress.class).get("clouddiagnoze").getSpec().getRules().get(0).getHost());
    }

    @Test
    void theWebConsoleServesHttpsWithTheIngresssCertificate() {
        Deployment console = byName(Deployment.class).get(WEB_CONSOLE);
        Container container = console.getSpec().getTemplate().getSpec().getContainers().get(0);
        String directory = container.getVolumeMounts().stream().filter(m -> m.getName().equals("tls")).findFirst()
                .orElseThrow().getMountPath();
        assertThat(env(container, "TLS_CERTIFICATE")).isEqualTo(directory + "/tls.crt");
        assertThat(env(container, "TLS_CERTIFICATE_KEY")).isEqualTo(directory + "/tls.key");
        assertThat(console.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getName().equals("tls"))
                .singleElement().satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("clouddiagnoze-tls"));
        // nginx, not root, reads the key: the files are the pod's group's.
        var pod = console.getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(pod.getFsGroup()).as("the group of the mounted key").isEqualTo(pod.getRunAsGroup());
    }

    @Test
    void everyWorkloadRunsAsAServiceAccountOfItsOwnWithNoKubernetesApiToken() {
        List<String> used = workloads().stream().map(w -> w.pod().getServiceAccountName()).toList();
        assertThat(used).as("the workloads' service accounts").doesNotContainNull().doesNotHaveDuplicates();
        Map<String, ServiceAccount> accounts = byName(ServiceAccount.class);
        assertThat(accounts.keySet()).as("the service accounts, each a workload's").containsExactlyInAnyOrderElementsOf(used);
        accounts.values().forEach(account -> assertThat(account.getAutomountServiceAccountToken())
                .as(account.getMetadata().getName() + " mounts no token").isFalse());
        workloads().forEach(w -> assertThat(w.pod().getAutomountServiceAccountToken()).as(w.name()).isNotEqualTo(Boolean.TRUE));
    }

    @Test
    void onlyTheScannersAndMetricsCollectorHoldTheAwsRoleInThePlatformsAccount() {
        String account = single(ConfigMap.class).getData().get("PLATFORM_AWS_ACCOUNT_ID");
        String principal = single(ConfigMap.class).getData().get("PLATFORM_AWS_PRINCIPAL_ARN");
        assertThat(principal).as("the principal of tenants' trust policies").matches("arn:aws:iam::" + account + ":role/[\\w+=,.@/-]+");
        Map<String, ServiceAccount> accounts = byName(ServiceAccount.class);
        for (Workload workload : workloads()) {
            ServiceAccount serviceAccount = accounts.get(workload.pod().getServiceAccountName());
            assertThat(serviceAccount).as(workload.name() + "'s service account").isNotNull();
            String role = Objects.requireNonNullElse(serviceAccount.getMetadata().getAnnotations(), Map.<String, String>of()).get(ROLE_ARN);
            if (AWS_CALLERS.contains(workload.name())) {
                assertThat(role).as(workload.name() + "'s AWS role, the one tenants trust").isEqualTo(principal);
            } else if (workload.name().equals(BACKUP) || workload.name().equals(ARCHIVER)) {
                assertThat(role).as(workload.name() + "'s AWS role, its own").matches("arn:aws:iam::" + account + ":role/[\\w+=,.@/-]+")
                        .isNotEqualTo(principal);
            } else {
                assertThat(role).as(workload.name() + " holds no AWS role").isNull();
            }
        }
    }

    @Test
    void aDefaultDenyIsolatesEveryPodOfTheNamespaceBothWays() {
        assertThat(byName(NetworkPolicy.class).values()).as("a default deny").anySatisfy(policy -> {
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).as("every pod").isNullOrEmpty();
            assertThat(policy.getSpec().getPodSelector().getMatchExpressions()).as("every pod").isNullOrEmpty();
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
            assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
        });
    }

    @Test
    void everyWorkloadReachesDnsAndTheDatabaseAndBrokerExactlyWhereItHoldsTheirCredentials() {
        NetworkPolicies network = network();
        Map<String, String> config = single(ConfigMap.class).getData();
        Port database = Port.tcp(Integer.parseInt(config.get("DB_PORT")));
        String bootstrap = config.get("KAFKA_BOOTSTRAP_SERVERS");
        Port broker = Port.tcp(Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)));
        for (Workload workload : workloads()) {
            Endpoint pod = workload.endpoint();
            assertThat(network.allows(pod, DNS, new Port(53, null, "UDP"))).as(workload.name() + " asks DNS over UDP").isTrue();
            assertThat(network.allows(pod, DNS, Port.tcp(53))).as(workload.name() + " asks DNS over TCP").isTrue();
            boolean databaseAccount = databaseClient(workload).isPresent();
            assertThat(network.allows(pod, MARIADB, database)).as(workload.name() + " reaches MariaDB").isEqualTo(databaseAccount);
            assertThat(network.allows(pod, BROKER, broker)).as(workload.name() + " reaches the broker")
                    .isEqualTo(!kafkaPasswords(workload.container()).isEmpty());
        }
    }

    @Test
    void everyWorkloadCallsTheServicesItNeedsAndNoOther() {
        NetworkPolicies network = network();
        for (Workload from : workloads()) {
            for (Deployment to : byName(Deployment.class).values()) {
                String callee = to.getMetadata().getName();
                assertThat(network.allows(from.endpoint(), endpoint(to), calledPort(to))).as(from.name() + " calls " + callee)
                        .isEqualTo(CALLS.getOrDefault(from.name(), Set.of()).contains(callee));
            }
        }
    }

    @Test
    void theIngressControllerReachesTheServicesTheIngressRoutesToAndNoOther() {
        NetworkPolicies network = network();
        Set<String> routed = byName(Ingress.class).values().stream().flatMap(ingress -> ingress.getSpec().getRules().stream())
                .flatMap(rule -> rule.getHttp().getPaths().stream())
                .map(path -> path.getBackend().getService().getName()).collect(Collectors.toSet());
        for (Deployment deployment : byName(Deployment.class).values()) {
            String name = deployment.getMetadata().getName();
            assertThat(network.allows(INGRESS_CONTROLLER, endpoint(deployment), port(deployment)))
                    .as("the ingress controller reaches " + name).isEqualTo(routed.contains(name));
        }
    }

    @Test
    void prometheusScrapesTheServicesThatServeMetricsAndNothingElse() {
        NetworkPolicies network = network();
        for (Deployment deployment : byName(Deployment.class).values()) {
            Map<String, String> annotations = Objects.requireNonNullElse(
                    deployment.getSpec().getTemplate().getMetadata().getAnnotations(), Map.<String, String>of());
            assertThat(network.allows(PROMETHEUS, endpoint(deployment), port(deployment)))
                    .as("Prometheus scrapes " + deployment.getMetadata().getName())
                    .isEqualTo("true".equals(annotations.get("prometheus.io/scrape")));
        }
    }

    @Test
    void onlyTheScannersMetricsCollectorAndAlertsReachOutsideTheClusterOverHttpsAndOnlyAuthAndAlertsTheMailRelay() {
        NetworkPolicies network = network();
        for (Workload workload : workloads()) {
            for (Endpoint address : OUTSIDE) {
                assertThat(network.allows(workload.endpoint(), address, Port.tcp(443)))
                        .as(workload.name() + " reaches " + address.address() + " on 443")
                        .isEqualTo(AWS_CALLERS.contains(workload.name()) || workload.name().equals(BACKUP)
                                || workload.name().equals(ARCHIVER) || workload.name().equals(NOTIFICATIONS));
                assertThat(network.allows(workload.endpoint(), address, Port.tcp(80)))
                        .as(workload.name() + " reaches " + address.address() + " on 80").isFalse();
                assertThat(network.allows(workload.endpoint(), address, Port.tcp(587)))
                        .as(workload.name() + " reaches a mail relay at " + address.address())
                        .isEqualTo(workload.name().equals("auth-service") || workload.name().equals(NOTIFICATIONS));
            }
        }
    }

    @Test
    void alertsAreNeverPostedIntoTheClustersOrTheCloudsPrivateNetworks() {
        NetworkPolicies network = network();
        Workload notifications = workloads().stream().filter(w -> w.name().equals(NOTIFICATIONS)).findFirst().orElseThrow();
        for (Endpoint address : INTERNAL) {
            assertThat(network.allows(notifications.endpoint(), address, Port.tcp(443))).as(address.address()).isFalse();
        }
    }

    /** The container mounts the Secret's CA of that file name, read-only, where a client's setting names it. */
    private static void assertMountsAuthority(String name, PodSpec pod, Container container, Path file) {
        String key = file.getFileName().toString();
        Volume volume = pod.getVolumes().stream().filter(v -> v.getSecret() != null && v.getSecret().getItems() != null
                && v.getSecret().getItems().stream().anyMatch(item -> item.getKey().equals(key))).findFirst().orElse(null);
        assertThat(volume).as(name + " has " + key + " as a volume").isNotNull();
        assertThat(volume.getSecret().getSecretName()).as(name).isEqualTo(single(Secret.class).getMetadata().getName());
        assertThat(volume.getSecret().getItems()).as(name).filteredOn(item -> item.getKey().equals(key))
                .extracting(item -> item.getPath()).containsExactly(key);
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName())).findFirst().orElse(null);
        assertThat(mount).as(name + " mounts " + key).isNotNull();
        assertThat(mount.getMountPath()).as(name).isEqualTo(file.getParent().toString());
        assertThat(mount.getReadOnly()).as(name + " mounts " + key + " read-only").isTrue();
    }

    /** The pods of a Deployment, a Job or a CronJob. */
    private record Workload(String name, Map<String, String> labels, PodSpec pod) {
        Endpoint endpoint() {
            return Endpoint.pod(NAMESPACE, labels);
        }

        Container container() {
            return pod.getContainers().get(0);
        }

        /** Its init containers, then its containers. */
        List<Container> containers() {
            return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
        }
    }

    /** The container of a workload that holds a MariaDB account's password, if one does. */
    private static Optional<Container> databaseClient(Workload workload) {
        return workload.containers().stream()
                .filter(c -> secretKeys(c).stream().anyMatch(key -> key.matches("DB_\\w+_PASSWORD"))).findFirst();
    }

    private static List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        byName(Deployment.class).forEach((name, d) -> workloads.add(
                new Workload(name, d.getSpec().getTemplate().getMetadata().getLabels(), d.getSpec().getTemplate().getSpec())));
        byName(Job.class).forEach((name, j) -> workloads.add(
                new Workload(name, j.getSpec().getTemplate().getMetadata().getLabels(), j.getSpec().getTemplate().getSpec())));
        byName(CronJob.class).forEach((name, c) -> {
            var template = c.getSpec().getJobTemplate().getSpec().getTemplate();
            workloads.add(new Workload(name, template.getMetadata().getLabels(), template.getSpec()));
        });
        return workloads;
    }

    private static NetworkPolicies network() {
        return new NetworkPolicies(NAMESPACE, List.copyOf(byName(NetworkPolicy.class).values()));
    }

    private static Endpoint endpoint(Deployment deployment) {
        return Endpoint.pod(NAMESPACE, deployment.getSpec().getTemplate().getMetadata().getLabels());
    }

    /** The port other workloads call: the Deployment's https port where it has one, its serving port otherwise. */
    private static Port calledPort(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .filter(p -> "https".equals(p.getName())).findFirst().map(p -> new Port(p.getContainerPort(), p.getName(), "TCP"))
                .orElseGet(() -> port(deployment));
    }

    /** The Deployment's serving port, by number and name. */
    private static Port port(Deployment deployment) {
        var port = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0);
        return new Port(port.getContainerPort(), port.getName(), "TCP");
    }

    /** KAFKA_ADMIN_PASSWORD and every principal's password key. */
    private static List<String> kafkaPasswordKeys() {
        return Stream.concat(Stream.of(ADMIN_PASSWORD), BusAccess.principals().stream().map(Principal::passwordVariable)).toList();
    }

    /** The Kafka password keys of the Secret a container's environment takes. */
    private static List<String> kafkaPasswords(Container container) {
        List<String> keys = kafkaPasswordKeys();
        return secretKeys(container).stream().filter(keys::contains).toList();
    }

    /** The Secret keys a container's environment takes. */
    private static List<String> secretKeys(Container container) {
        return container.getEnv().stream().map(EnvVar::getValueFrom).filter(Objects::nonNull).map(from -> from.getSecretKeyRef())
                .filter(Objects::nonNull).map(SecretKeySelector::getKey).toList();
    }

    /** The Secret key the environment variable {@code name} of the container comes from, or null. */
    private static String secretKey(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name) && e.getValueFrom() != null
                && e.getValueFrom().getSecretKeyRef() != null).map(e -> e.getValueFrom().getSecretKeyRef().getKey()).findFirst().orElse(null);
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    private static <T extends HasMetadata> Map<String, T> byName(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast)
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r));
    }

    private static <T extends HasMetadata> T single(Class<T> type) {
        Map<String, T> all = byName(type);
        assertThat(all).as(type.getSimpleName()).hasSize(1);
        return all.values().iterator().next();
    }
}
