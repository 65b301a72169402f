package io.clouddiagnoze.emulator.support;

import io.clouddiagnoze.emulator.AwsEmulator;
import io.clouddiagnoze.emulator.state.Fixture;
import io.clouddiagnoze.emulator.state.Inventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/** One emulator for the whole test run, serving the demo fixture on a free port. */
public final class SharedEmulator {

    public static final String DEMO_ACCOUNT = "111122223333";
    public static final String DEMO_ROLE = "arn:aws:iam::111122223333:role/CloudDiagnozeScanner";
    public static final String DEMO_EXTERNAL_ID = "cd-demo-external-id";

    private static AwsEmulator emulator;

    private SharedEmulator() {
    }

    public static synchronized URI endpoint() {
        if (emulator == null) {
            try {
                emulator = AwsEmulator.start(0, Inventory.of(Fixture.named("demo")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        }
        return emulator.endpoint();
    }

    public static Admin admin() {
        return new Admin(endpoint());
    }
}
