package io.parley.standalone;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides, once the configuration is read and before any bean exists, what Parley runs on: the Kafka and MongoDB
 * the configuration names ({@code spring.kafka.bootstrap-servers} or {@code KAFKA_BOOTSTRAP_SERVERS};
 * {@code spring.data.mongodb.uri} or {@code MONGODB_URI}), or in-process ones started here with their data under
 * {@code parley.data-dir}. Without a configured JWT key it also provides the standalone's own secret.
 */
public final class EmbeddedInfrastructure
        implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private EmbeddedKafka kafka;
    private EmbeddedMongo mongo;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        Path dataDir = Path.of(environment.getProperty("parley.data-dir", "data")).toAbsolutePath();
        Map<String, Object> chosen = new LinkedHashMap<>();

        String bootstrapServers = configured(environment, "spring.kafka.bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrapServers == null) {
            kafka = EmbeddedKafka.start(dataDir.resolve("kafka"),
                    environment.getProperty("parley.embedded.kafka.port", Integer.class, 9092),
                    environment.getProperty("parley.embedded.kafka.controller-port", Integer.class, 9093),
                    durability(environment) == EmbeddedMongo.Durability.FSYNC);
            bootstrapServers = kafka.bootstrapServers();
        }
        chosen.put("spring.kafka.bootstrap-servers", bootstrapServers);

        String mongoUri = configured(environment, "spring.data.mongodb.uri", "MONGODB_URI");
        if (mongoUri == null) {
            mongo = EmbeddedMongo.start(dataDir.resolve("mongo"),
                    environment.getProperty("parley.embedded.mongo.port", Integer.class, 27017),
                    environment.getProperty("parley.embedded.mongo.persistent", Boolean.class, true),
                    environment.getProperty("parley.embedded.mongo.cache-mb", Integer.class, 64),
                    durability(environment));
            mongoUri = mongo.uri("parley");
            // the embedded store answers only exact-key lookups from an index: load aggregates that way
            chosen.put("parley.event-store.point-reads", "true");
        }
        chosen.put("spring.data.mongodb.uri", mongoUri);

        if (configured(environment, "parley.jwt.secret", "PARLEY_JWT_SECRET") == null
                && configured(environment, "parley.jwt.public-key", "PARLEY_JWT_PUBLIC_KEY") == null) {
            chosen.put("parley.jwt.secret", LocalSecret.readOrCreate(dataDir));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("parley-infrastructure", chosen));
        log.info("Kafka at {}, MongoDB at {}", bootstrapServers, mongoUri.replaceAll("//[^@/]*@", "//***@"));
    }

    /** {@code parley.durability}: {@code commit} (the default) or {@code fsync}; see README. */
    static EmbeddedMongo.Durability durability(ConfigurableEnvironment environment) {
        String value = environment.getProperty("parley.durability", "commit").trim();
        try {
            return EmbeddedMongo.Durability.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parley.durability must be commit or fsync, not " + value);
        }
    }

    private static String configured(ConfigurableEnvironment environment, String property, String variable) {
        String value = environment.getProperty(property);
        if (value == null || value.isBlank()) {
            value = environment.getProperty(variable);
        }
        return value == null || value.isBlank() ? null : value;
    }

    /** The MongoDB URI in use when it was started here, for tests that look into the store. */
    public String embeddedMongoUri() {
        return mongo == null ? null : mongo.uri("parley");
    }

    /** The embedded store's commits so far (each answers every write applied before it), zero when none runs. */
    public long embeddedMongoCommits() {
        return mongo == null ? 0 : mongo.commits();
    }

    public long embeddedMongoCommitNanos() {
        return mongo == null ? 0 : mongo.commitNanos();
    }

    public String embeddedKafkaBootstrapServers() {
        return kafka == null ? null : kafka.bootstrapServers();
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (mongo != null) {
            mongo.close();
            mongo = null;
        }
    }
}
