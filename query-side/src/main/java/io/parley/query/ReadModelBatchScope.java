package io.parley.query;

import io.parley.kernel.conversation.ConversationEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Gives each batch of a read-model processor its {@link ReadModelBatch}: opened at the batch's first event, with the
 * records of every conversation the batch names read at once, and written after its last event's handlers, inside
 * the batch's unit of work and before the processor stores its token (which it does as that unit of work commits).
 * A batch that fails is rolled back whole and handled again from the token.
 */
public final class ReadModelBatchScope implements MessageHandlerInterceptor<EventMessage<?>> {

    private final Supplier<ReadModel> target;

    /** {@code target}: the generation the processor's projections write to. */
    public ReadModelBatchScope(Supplier<ReadModel> target) {
        this.target = target;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        BatchingUnitOfWork<?> batching = unitOfWork instanceof BatchingUnitOfWork<?> b ? b : null;
        if (batching == null || batching.isFirstMessage()) {
            open(unitOfWork, batching);
        }
        Object result = chain.proceed();
        if (batching == null || batching.isLastMessage()) {
            Map<Integer, ReadModelBatch> batches = cast(unitOfWork.resources().remove(ReadModelBatch.SCOPE));
            if (batches != null) {
                batches.values().forEach(ReadModelBatch::flush);
            }
        }
        return result;
    }

    private void open(UnitOfWork<? extends EventMessage<?>> unitOfWork, BatchingUnitOfWork<?> batching) {
        ReadModel model = target.get();
        ReadModelBatch batch = new ReadModelBatch(model, false);
        batch.prefetch((batching == null ? List.of(unitOfWork.getMessage()) : batching.getMessages())
                .stream()
                .map(message -> ((EventMessage<?>) message).getPayload())
                .filter(ConversationEvent.class::isInstance)
                .map(payload -> ((ConversationEvent) payload).conversationId())
                .toList());
        Map<Integer, ReadModelBatch> batches = new HashMap<>();
        batches.put(model.generation(), batch);
        unitOfWork.resources().put(ReadModelBatch.SCOPE, batches);
    }

    @SuppressWarnings("unchecked")
    static Map<Integer, ReadModelBatch> cast(Object batches) {
        return (Map<Integer, ReadModelBatch>) batches;
    }
}
