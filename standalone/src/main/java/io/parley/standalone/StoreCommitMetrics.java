package io.parley.standalone;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * What the embedded store's commit path costs: {@code parley_store_commits_total} (each one answers every write
 * applied before it, so requests per commit grow with the load) and {@code parley_store_commit_seconds_total}.
 */
@Component
class StoreCommitMetrics implements MeterBinder {

    private final EmbeddedInfrastructure infrastructure;

    StoreCommitMetrics(EmbeddedInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("parley.store.commits", infrastructure, EmbeddedInfrastructure::embeddedMongoCommits)
                .description("commits of the embedded store, each making every write applied before it durable")
                .register(registry);
        FunctionCounter.builder("parley.store.commit.seconds", infrastructure,
                        it -> it.embeddedMongoCommitNanos() / (double) TimeUnit.SECONDS.toNanos(1))
                .description("time spent in the embedded store's commits")
                .register(registry);
    }
}
