package io.clouddiagnoze.bus;

/**
 * The event bus's command-line tool, for the launcher, compose, a Kubernetes Job and operators.
 *
 * <pre>
 * java -jar event-bus-tool.jar setup          apply the principals, topics and ACLs ({@link BusSetup})
 * java -jar event-bus-tool.jar passwords      the names of the principals' password variables, one a line
 * java -jar event-bus-tool.jar read TOPIC     every record of TOPIC so far, as JSON lines ({@link BusRecords})
 * java -jar event-bus-tool.jar write TOPIC    the records given as such JSON lines on standard input, sent to TOPIC
 * </pre>
 * Settings come from the environment: KAFKA_BOOTSTRAP_SERVERS (127.0.0.1:9092), KAFKA_SECURITY_PROTOCOL
 * (SASL_PLAINTEXT; SASL_SSL where a network is crossed, with KAFKA_SSL_TRUSTSTORE_LOCATION and
 * KAFKA_SSL_TRUSTSTORE_TYPE (PEM) when the broker's certificate is not in the JVM's trust store), KAFKA_ADMIN_USER
 * (admin) and KAFKA_ADMIN_PASSWORD, or KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD to read or write as another
 * principal; for {@code setup} also KAFKA_PARTITIONS (8), KAFKA_REPLICATION_FACTOR (1) and each principal's password
 * in KAFKA_&lt;PRINCIPAL&gt;_PASSWORD (e.g. KAFKA_SCAN_ORCHESTRATOR_PASSWORD, KAFKA_ANALYTICS_PASSWORD).
 */
public final class BusTool {
    private BusTool() {
    }

    public static void main(String[] args) throws Exception {
        BusSettings settings = new BusSettings(System.getenv());
        String command = args.length == 0 ? "" : args[0];
        switch (command + "/" + args.length) {
            case "setup/1" -> new BusSetup(settings).apply();
            case "passwords/1" -> BusAccess.principals().forEach(principal -> System.out.println(principal.passwordVariable()));
            case "read/2" -> new BusRecords(settings).read(args[1], System.out);
            case "write/2" -> System.err.println(new BusRecords(settings).write(args[1], System.in) + " records written to " + args[1]);
            default -> {
                System.err.println("usage: java -jar event-bus-tool.jar setup|passwords|read TOPIC|write TOPIC (settings: BusTool's Javadoc)");
                System.exit(2);
            }
        }
    }
}
