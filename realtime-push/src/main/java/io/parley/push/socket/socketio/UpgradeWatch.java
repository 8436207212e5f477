package io.parley.push.socket.socketio;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Engine.IO sessions whose upgrade to WebSocket is under way: from the moment the WebSocket with their {@code sid}
 * opens until the upgrade completes or that WebSocket goes. A client that has upgraded sends its {@code 5} (UPGRADE)
 * over the WebSocket and may then send a long-poll at once; the two arrive on different connections, so the poll can
 * overtake the packet and be served by the old transport. A poll that meets an upgrade under way waits for it a
 * moment ({@code settle}), so once upgraded it is refused (400) as the protocol says; a poll of a client still on
 * polling (one sent before it saw the probe's answer) is served after that moment, as before.
 */
final class UpgradeWatch {

    private final Map<String, CountDownLatch> underWay = new ConcurrentHashMap<>();
    private final Duration settle;

    UpgradeWatch(Duration settle) {
        this.settle = settle;
    }

    void begin(String sid) {
        underWay.putIfAbsent(sid, new CountDownLatch(1));
    }

    void end(String sid) {
        CountDownLatch done = underWay.remove(sid);
        if (done != null) {
            done.countDown();
        }
    }

    /** Returns once no upgrade of {@code sid} is under way, or after {@code settle}. */
    void awaitSettled(String sid) throws InterruptedException {
        CountDownLatch done = underWay.get(sid);
        if (done != null) {
            done.await(settle.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
