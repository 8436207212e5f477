package io.parley.support.infra;

import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code mongo} in {@code /actuator/health}, by {@code ping}: Spring's own indicator sends {@code hello}, which the
 * embedded mongo-java-server does not know, so it would report a healthy store as DOWN.
 */
public class MongoHealthIndicator extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    public MongoHealthIndicator(MongoTemplate mongo) {
        super("MongoDB health check failed");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document pong = mongo.executeCommand(new Document("ping", 1));
        builder.up().withDetail("database", mongo.getDb().getName()).withDetail("ok", pong.get("ok"));
    }
}
