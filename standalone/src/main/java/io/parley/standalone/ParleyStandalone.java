package io.parley.standalone;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The standalone entry point. {@code java -jar parley.jar} starts Parley; {@code java -jar parley.jar token <user>}
 * prints a token for that user, signed with the standalone's secret; {@code java -jar parley.jar infrastructure}
 * runs only the in-process Kafka and MongoDB, for the services run as separate JVMs.
 */
public final class ParleyStandalone {

    private static final Logger log = LoggerFactory.getLogger(ParleyStandalone.class);

    private ParleyStandalone() {
    }

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar parley.jar [--property=value ...]        start Parley (REST and Socket.IO on :8080)",
            "       java -jar parley.jar token <userId> [--name NAME] [--admin] [--ttl 24h] [--data-dir DIR]",
            "                                                          print a token signed with the standalone's secret",
            "       java -jar parley.jar infrastructure [--data-dir DIR] [--kafka-port N] [--kafka-controller-port N]",
            "                                           [--mongo-port N]  only the in-process Kafka and MongoDB",
            "       java -jar parley.jar --demo [--property=value ...] start Parley with the demo chat page's sign-in",
            "                                                          by name (POST /api/demo/token): never in production",
            "       java -jar parley.jar --help                        this text",
            "properties: --server.port=8080 --parley.data-dir=data (PARLEY_DATA_DIR) and the others of README.md");

    private static final List<String> HELP = List.of("--help", "-h", "help", "-help", "-?");

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        boolean command = args.length > 0 && List.of("token", "infrastructure").contains(args[0]);
        if (!command) {
            if (Arrays.stream(args).anyMatch(HELP::contains)) {
                System.out.println(USAGE);
                System.exit(0);
            }
            // anything but --property=value is a mistake: say so rather than start a server on the default ports
            Optional<String> stray = Arrays.stream(args).filter(arg -> !arg.startsWith("--") || arg.equals("--"))
                    .findFirst();
            if (stray.isPresent()) {
                System.err.println("unknown command or argument: " + stray.get());
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(TokenCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("infrastructure")) {
            try {
                System.exit(InfrastructureCommand.run(Arrays.copyOfRange(args, 1, args.length)));
            } catch (InterruptedException e) {
                System.exit(1);
            }
        }
        try {
            Running parley = start(args);
            Runtime.getRuntime().addShutdownHook(new Thread(parley::close, "parley-shutdown"));
        } catch (Throwable failure) {
            // Kafka's non-daemon threads would keep a half-started JVM alive
            log.error("Parley did not start", failure);
            System.exit(1);
        }
    }

    /** {@code --demo} is short for {@code --parley.demo.enabled=true} (see {@link DemoMode}). */
    static String[] expand(String... args) {
        return Arrays.stream(args).map(arg -> arg.equals("--demo") ? "--parley.demo.enabled=true" : arg)
                .toArray(String[]::new);
    }

    /** Starts Parley (and whatever embedded infrastructure it needs) and returns a handle that stops both. */
    public static Running start(String... given) {
        String[] args = expand(given);
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure();
        SpringApplication application = new SpringApplication(StandaloneApplication.class);
        application.setRegisterShutdownHook(false);
        application.addListeners(infrastructure);
        application.addInitializers(context -> context.getBeanFactory()
                .registerSingleton("embeddedInfrastructure", infrastructure));
        try {
            return new Running(application.run(args), infrastructure);
        } catch (RuntimeException failure) {
            infrastructure.close();
            throw failure;
        }
    }

    /** A started Parley: the context first, the embedded infrastructure after it, stop in that order. */
    public record Running(ConfigurableApplicationContext context, EmbeddedInfrastructure infrastructure)
            implements AutoCloseable {

        public int port() {
            return ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        @Override
        public void close() {
            try {
                context.close();
            } finally {
                infrastructure.close();
            }
        }
    }
}
