package io.parley.push.socket.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One connection's tasks: one at a time, in the order they were handed over, on a pool shared with others. */
class SerialExecutorTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void runsTasksOneAtATimeInOrder() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(pool);
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(500);

        IntStream.range(0, 500).forEach(i -> serial.execute(() -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            ran.add(i);
            running.decrementAndGet();
            done.countDown();
        }));

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps.get()).isZero();
        assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());
    }

    @Test
    void aFailingTaskDoesNotStopTheNextOnes() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(pool);
        CountDownLatch next = new CountDownLatch(1);

        serial.execute(() -> {
            throw new IllegalStateException("handler bug");
        });
        serial.execute(next::countDown);

        assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
