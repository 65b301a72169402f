package io.clouddiagnoze.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parses every manifest in deploy/k8s with the Kubernetes model and checks what a deployment relies on. */
class KubernetesManifestsTest {
    private static final Path MANIFESTS = Path.of("k8s");
    private static final Set<String> SERVICES = Set.of("auth-service", "scan-orchestrator", "metrics-collector",
            "ec2-scanner", "s3-scanner", "vpc-scanner", "rds-scanner");
    /** The gateway image serving the console's files. */
    private static final String WEB_CONSOLE = "web-console";
    private static final Set<String> SCANNERS = Set.of("ec2-scanner", "s3-scanner", "vpc-scanner", "rds-scanner");

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
                                .isIn("clouddiagnoze", null);
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
            // As docker-compose's health checks, and what deploy/local/reliability.sh's load case holds them to.
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
            assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(port);
        }
    }

    @Test
    void theIngressRoutesAsTheGatewayDoesToServicesThatExist() {
        Ingress ingress = single(Ingress.class);
        Map<String, Integer> ports = byName(Service.class).values().stream().collect(Collectors.toMap(
                s -> s.getMetadata().getName(), s -> s.getSpec().getPorts().get(0).getPort()));
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        Map<String, String> routes = paths.stream().collect(Collectors.toMap(HTTPIngressPath::getPath,
                p -> p.getBackend().getService().getName()));
        assertThat(routes).containsEntry("/auth", "auth-service").containsEntry("/api/metrics", "metrics-collector")
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
        containers.addAll(single(Job.class).getSpec().getTemplate().getSpec().getContainers());
        containers.addAll(single(CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers());
        List<String> referenced = containers.stream().flatMap(c -> c.getEnv().stream())
                .map(EnvVar::getValueFrom).filter(Objects::nonNull)
                .map(from -> from.getSecretKeyRef()).filter(Objects::nonNull).map(ref -> ref.getKey()).toList();
        assertThat(referenced).isNotEmpty();
        assertThat(keys).containsAll(referenced);
        byName(Deployment.class).values().forEach(d -> d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null)
                .forEach(v -> v.getSecret().getItems().forEach(item -> assertThat(keys).contains(item.getKey()))));
    }

    @Test
    void theMigrationsRunAsAJobAndTheScheduledScansAsACronJobWithTheSchedulerToken() {
        Job setup = single(Job.class);
        assertThat(setup.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsExactly("setup");
        CronJob scans = single(CronJob.class);
        assertThat(scans.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        Container trigger = scans.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(String.join(" ", trigger.getArgs())).contains("/auth/service-token", "/api/scheduled-scans/run");
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
