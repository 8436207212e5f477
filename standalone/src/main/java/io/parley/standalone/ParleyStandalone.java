package io.parley.standalone;

import java.util.Arrays;
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

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
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

    /** Starts Parley (and whatever embedded infrastructure it needs) and returns a handle that stops both. */
    public static Running start(String... args) {
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
