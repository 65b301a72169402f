package io.clouddiagnoze.emulator;

import io.clouddiagnoze.emulator.admin.AdminApi;
import io.clouddiagnoze.emulator.cloudwatch.CloudWatchHandler;
import io.clouddiagnoze.emulator.ec2.Ec2Handler;
import io.clouddiagnoze.emulator.fault.FaultInjector;
import io.clouddiagnoze.emulator.rds.RdsHandler;
import io.clouddiagnoze.emulator.s3.S3Handler;
import io.clouddiagnoze.emulator.server.CallStats;
import io.clouddiagnoze.emulator.server.EmulatorServer;
import io.clouddiagnoze.emulator.server.Router;
import io.clouddiagnoze.emulator.server.ServiceHandler;
import io.clouddiagnoze.emulator.state.EmulatorState;
import io.clouddiagnoze.emulator.state.Inventory;
import io.clouddiagnoze.emulator.sts.SessionRegistry;
import io.clouddiagnoze.emulator.sts.StsHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The emulator as a library: start it with an inventory and point AWS SDK clients at {@link #endpoint()}. */
public final class AwsEmulator implements AutoCloseable {

    /** The account of every access key AssumeRole did not issue: the platform's own, holding no resources. */
    public static final String PLATFORM_ACCOUNT_ID = "210987654321";
    private static final int WORKER_THREADS = 32;

    private final EmulatorServer server;
    private final String host;

    private AwsEmulator(EmulatorServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /** Starts on {@code host:port} (port 0 picks a free one) serving {@code inventory}. */
    public static AwsEmulator start(String host, int port, Inventory inventory) throws IOException {
        Clock clock = Clock.systemUTC();
        EmulatorState state = new EmulatorState(inventory);
        SessionRegistry sessions = new SessionRegistry(PLATFORM_ACCOUNT_ID, clock);
        FaultInjector faults = new FaultInjector();
        CallStats stats = new CallStats();
        List<ServiceHandler> handlers = List.of(new StsHandler(state::inventory, sessions), new Ec2Handler(),
                new S3Handler(), new RdsHandler(), new CloudWatchHandler(clock));
        Map<String, ServiceHandler> bySigningName = handlers.stream()
                .collect(Collectors.toMap(ServiceHandler::signingName, Function.identity()));
        AdminApi admin = new AdminApi(state, faults, stats);
        Router router = new Router(bySigningName, admin::handle, sessions::caller, state::inventory, faults, stats);
        return new AwsEmulator(new EmulatorServer(new InetSocketAddress(host, port), WORKER_THREADS, router), host);
    }

    public static AwsEmulator start(int port, Inventory inventory) throws IOException {
        return start("127.0.0.1", port, inventory);
    }

    public int port() {
        return server.port();
    }

    /** The URL to give SDK clients as endpoint override (or as AWS_ENDPOINT_URL). */
    public URI endpoint() {
        return URI.create("http://" + host + ":" + port());
    }

    @Override
    public void close() {
        server.close();
    }
}
