package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.parley.support.infra.OwnReads;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the embedded store answers: a read of a forwarded collection waits for the commit of what it could have seen,
 * unless it is marked as a writer's read of its own documents; a read of any other collection never waits. A commit
 * is held open here, as a slow disk would hold it, while a journaled write waits for it.
 */
class CommittingBackendTest {

    private static final Document ANSWER = new Document("ok", 1.0);

    private final CountDownLatch diskDone = new CountDownLatch(1);
    private final CountDownLatch committing = new CountDownLatch(1);
    private final GroupCommit commits = new GroupCommit(() -> {
        committing.countDown();
        await(diskDone);
    });
    private final CommittingBackend store = new CommittingBackend(answeringBackend(), commits, Set.of("feed_stream"));

    @AfterEach
    void releaseTheDisk() {
        diskDone.countDown();
    }

    @Test
    void aReadOfAForwardedCollectionWaitsForTheCommitOfWhatItCouldHaveSeen() throws Exception {
        CompletableFuture<Document> write = CompletableFuture.supplyAsync(() -> command(
                new Document("insert", "feed_stream").append("documents", List.of())));
        assertThat(committing.await(10, TimeUnit.SECONDS)).as("the write's commit started").isTrue();

        CompletableFuture<Document> read = CompletableFuture.supplyAsync(
                () -> command(new Document("find", "feed_stream").append("filter", new Document("_id", 1L))));
        Thread.sleep(300);
        assertThat(read).as("answered before the commit").isNotDone();
        assertThat(write).isNotDone();

        diskDone.countDown();
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(ANSWER);
        assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(ANSWER);
    }

    @Test
    void aWritersReadOfItsOwnDocumentsAndReadsOfOtherCollectionsDoNotWait() throws Exception {
        CompletableFuture<Document> write = CompletableFuture.supplyAsync(() -> command(
                new Document("insert", "feed_stream").append("documents", List.of())));
        assertThat(committing.await(10, TimeUnit.SECONDS)).as("the write's commit started").isTrue();

        Document own = command(new Document("find", "feed_stream").append("filter", new Document("_id", 1L))
                .append("comment", OwnReads.COMMENT));
        Document other = command(new Document("find", "conversations").append("filter", new Document("_id", 1L)));

        assertThat(own).isEqualTo(ANSWER);
        assertThat(other).isEqualTo(ANSWER);
        assertThat(write).as("the commit is still held").isNotDone();
    }

    private Document command(Document query) {
        return store.handleCommand(null, "parley", query.keySet().iterator().next(), query);
    }

    private static MongoBackend answeringBackend() {
        return (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(),
                new Class<?>[] {MongoBackend.class}, (proxy, method, args) -> ANSWER);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
