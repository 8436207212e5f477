package io.parley.support.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * {@code parley_events_applied_total{processor}}: events a processor's handlers have applied, counted when their
 * unit of work commits (with its token), so a batch that fails and is handled again counts once.
 */
class EventsAppliedCounter implements MessageHandlerInterceptor<EventMessage<?>> {

    static final String NAME = "parley.events.applied";

    private final Counter applied;

    EventsAppliedCounter(MeterRegistry registry, String processor) {
        this.applied = Counter.builder(NAME)
                .description("Events applied by an event processor's handlers")
                .tag("processor", processor)
                .register(registry);
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        unitOfWork.afterCommit(committed -> applied.increment());
        return result;
    }
}
