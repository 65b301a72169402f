package io.clouddiagnoze.emulator;

import io.clouddiagnoze.emulator.state.Fixture;
import io.clouddiagnoze.emulator.state.GeneratorSpec;
import io.clouddiagnoze.emulator.state.Inventory;
import io.clouddiagnoze.emulator.state.InventoryGenerator;
import java.io.IOException;

/**
 * Command line: {@code java -jar aws-emulator.jar [--host 127.0.0.1] [--port 4566]
 * [--fixture demo|PATH | --generate accounts=1,instances=100000,...]}.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws IOException {
        long started = System.nanoTime();
        String host = "127.0.0.1";
        int port = 4566;
        String fixture = "demo";
        String generate = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--host" -> host = required(args[i], value);
                case "--port" -> port = Integer.parseInt(required(args[i], value));
                case "--fixture" -> fixture = required(args[i], value);
                case "--generate" -> generate = required(args[i], value);
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        Inventory inventory = generate != null
                ? InventoryGenerator.generate(GeneratorSpec.parse(generate))
                : Inventory.of(Fixture.named(fixture));
        AwsEmulator emulator = AwsEmulator.start(host, port, inventory);
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        System.out.printf("aws-emulator listening on %s (%s, accounts %s) in %d ms%n", emulator.endpoint(),
                generate != null ? "generated " + generate : "fixture " + fixture, inventory.accountIds(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private static String required(String option, String value) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -jar aws-emulator.jar [--host 127.0.0.1] [--port 4566] "
                + "[--fixture demo|PATH | --generate accounts=1,instances=100000,buckets=10,vpcs=3,databases=5,seed=42]");
        System.exit(2);
    }
}
