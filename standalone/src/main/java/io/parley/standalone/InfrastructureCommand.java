package io.parley.standalone;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar parley.jar infrastructure [--data-dir data] [--kafka-port 9092] [--kafka-controller-port 9093]
 * [--mongo-port 27017] [--durability commit|fsync]}: the standalone's in-process Kafka broker and MongoDB store with
 * nothing else, for running the three services as separate JVMs on a machine without Docker. Runs until stopped
 * (SIGTERM or Ctrl-C).
 */
final class InfrastructureCommand {

    private static final String USAGE = "usage: infrastructure [--data-dir DIR] [--kafka-port N] "
            + "[--kafka-controller-port N] [--mongo-port N] [--durability commit|fsync]";

    private InfrastructureCommand() {
    }

    static int run(String[] args) throws InterruptedException {
        Path dataDir = Path.of("data");
        int kafkaPort = 9092;
        int controllerPort = 9093;
        int mongoPort = 27017;
        boolean fsync = false;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                System.err.println(USAGE);
                return 2;
            }
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[i + 1]);
                case "--kafka-port" -> kafkaPort = Integer.parseInt(args[i + 1]);
                case "--kafka-controller-port" -> controllerPort = Integer.parseInt(args[i + 1]);
                case "--mongo-port" -> mongoPort = Integer.parseInt(args[i + 1]);
                case "--durability" -> {
                    if (!args[i + 1].equals("commit") && !args[i + 1].equals("fsync")) {
                        System.err.println(USAGE);
                        return 2;
                    }
                    fsync = args[i + 1].equals("fsync");
                }
                default -> {
                    System.err.println(USAGE);
                    return 2;
                }
            }
        }
        dataDir = dataDir.toAbsolutePath();
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafkaPort, controllerPort, fsync);
        EmbeddedMongo mongo = EmbeddedMongo.start(dataDir.resolve("mongo"), mongoPort, true, 256,
                fsync ? EmbeddedMongo.Durability.FSYNC : EmbeddedMongo.Durability.COMMIT);
        LocalSecret.readOrCreate(dataDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mongo.close();
            kafka.close();
            stopped.countDown();
        }, "parley-infrastructure-shutdown"));
        System.out.printf("Kafka at %s, MongoDB at %s, JWT secret in %s%n", kafka.bootstrapServers(),
                mongo.uri("parley"), dataDir.resolve("jwt-secret"));
        stopped.await();
        return 0;
    }
}
