package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.TestParley.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every conversation route of API.md, driven over HTTP against a running standalone and its real Kafka. */
class ConversationRoutesTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");
    private final String carol = TestParley.uniqueUser("carol");

    private Response createGroup(String creator, String name, String... others) {
        String participants = String.join("\",\"", others);
        return parley.post(creator, "/api/conversation",
                "{\"participants\":[\"" + participants + "\"],\"isGroup\":true,\"groupName\":\"" + name + "\"}");
    }

    private Response createDirect(String caller, String other) {
        return parley.post(caller, "/api/conversation", "{\"participants\":[\"" + other + "\"],\"isGroup\":false}");
    }

    @Test
    void oneToOneIsCreatedOnceAndFoundAgainByEitherUser() {
        Response created = createDirect(alice, bob);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("_id").asText()).isEqualTo(created.id()).matches("[0-9a-f]{24}");
        assertThat(created.texts("participants")).containsExactly(alice, bob);
        assertThat(created.body().path("isGroup").asBoolean()).isFalse();
        assertThat(created.body().path("createdBy").asText()).isEqualTo(alice);
        assertThat(created.body().path("lastMessage").isNull()).isTrue();
        assertThat(created.body().path("unreadCount").asInt()).isZero();
        assertThat(created.body().path("isDeleted").asBoolean()).isFalse();

        Response again = createDirect(alice, bob);
        Response fromBob = createDirect(bob, alice);
        assertThat(again.status()).isEqualTo(200);
        assertThat(fromBob.status()).isEqualTo(200);
        assertThat(again.id()).isEqualTo(created.id());
        assertThat(fromBob.id()).isEqualTo(created.id());

        Response bobsList = parley.get(bob, "/api/conversation");
        assertThat(bobsList.body().path("conversations").findValuesAsText("id")).containsExactly(created.id());
    }

    @Test
    void racingOneToOneCreatesMakeOneConversation() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> creates = new ArrayList<>();
            IntStream.range(0, 16).forEach(i -> creates.add(() -> i % 2 == 0 ? createDirect(alice, bob) : createDirect(bob, alice)));
            Set<String> ids = new HashSet<>();
            int createdCount = 0;
            for (Future<Response> result : pool.invokeAll(creates)) {
                Response response = result.get();
                assertThat(response.status()).isIn(200, 201);
                ids.add(response.id());
                createdCount += response.status() == 201 ? 1 : 0;
            }
            assertThat(ids).hasSize(1);
            assertThat(createdCount).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(parley.get(alice, "/api/conversation").body().path("conversations")).hasSize(1);
    }

    @Test
    void groupIsCreatedListedAndVisibleOnlyToMembers() {
        Response group = createGroup(alice, "  Lunch  ", bob, carol);
        assertThat(group.status()).isEqualTo(201);
        assertThat(group.texts("participants")).containsExactly(alice, bob, carol);
        assertThat(group.body().path("isGroup").asBoolean()).isTrue();
        assertThat(group.body().path("groupName").asText()).isEqualTo("Lunch");

        assertThat(parley.get(carol, "/api/conversation/" + group.id()).body()).isEqualTo(group.body());
        Response stranger = parley.get("mallory", "/api/conversation/" + group.id());
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.errorCode()).isEqualTo("not_found");
        assertThat(parley.get("mallory", "/api/conversation").body().path("conversations")).isEmpty();
    }

    @Test
    void listIsMostRecentActivityFirstAndPaginates() {
        String first = createGroup(alice, "one", bob).id();
        String second = createGroup(alice, "two", bob).id();
        String third = createGroup(alice, "three", bob).id();
        // activity on the first moves it to the top
        parley.post(alice, "/api/conversation/participant/add",
                "{\"conversationId\":\"" + first + "\",\"userId\":\"" + carol + "\"}");

        Response page1 = parley.get(bob, "/api/conversation?limit=2");
        assertThat(page1.body().path("conversations").findValuesAsText("id")).containsExactly(first, third);
        assertThat(page1.body().path("hasMore").asBoolean()).isTrue();

        JsonNode last = page1.body().path("conversations").get(1);
        for (String before : List.of(last.path("updatedAt").asText(),
                last.path("updatedAt").asText() + "_" + last.path("id").asText())) {
            Response page2 = parley.get(bob, "/api/conversation?limit=2&before=" + before);
            assertThat(page2.body().path("conversations").findValuesAsText("id")).containsExactly(second);
            assertThat(page2.body().path("hasMore").asBoolean()).isFalse();
        }
    }

    @Test
    void membersAreAddedAndRemovedByTheRules() {
        String group = createGroup(alice, "team", bob).id();
        String add = "{\"conversationId\":\"" + group + "\",\"userId\":\"" + carol + "\"}";

        Response added = parley.post(bob, "/api/conversation/participant/add", add);
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.texts("participants")).containsExactly(alice, bob, carol);
        assertThat(parley.get(carol, "/api/conversation/" + group).status()).isEqualTo(200);

        Response bobRemovesCarol = parley.post(bob, "/api/conversation/participant/remove", add);
        assertThat(bobRemovesCarol.status()).isEqualTo(403);
        assertThat(bobRemovesCarol.errorCode()).isEqualTo("forbidden");

        Response aliceRemovesCarol = parley.post(alice, "/api/conversation/participant/remove", add);
        assertThat(aliceRemovesCarol.status()).isEqualTo(200);
        assertThat(aliceRemovesCarol.texts("participants")).containsExactly(alice, bob);
        assertThat(parley.get(carol, "/api/conversation/" + group).status()).isEqualTo(404);
        assertThat(parley.post(carol, "/api/conversation/participant/add", add).status()).isEqualTo(404);

        Response bobLeaves = parley.post(bob, "/api/conversation/participant/remove",
                "{\"conversationId\":\"" + group + "\",\"userId\":\"" + bob + "\"}");
        assertThat(bobLeaves.status()).isEqualTo(200);
        assertThat(bobLeaves.texts("participants")).containsExactly(alice);
        assertThat(parley.get(bob, "/api/conversation").body().path("conversations")).isEmpty();
    }

    @Test
    void oneToOneMembershipCannotChange() {
        String direct = createDirect(alice, bob).id();
        Response response = parley.post(alice, "/api/conversation/participant/add",
                "{\"conversationId\":\"" + direct + "\",\"userId\":\"" + carol + "\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("not_a_group");
    }

    @Test
    void deletedConversationIsGoneFromListsAndRoutes() {
        String group = createGroup(alice, "doomed", bob).id();
        Response byMember = parley.delete(bob, "/api/conversation/" + group);
        assertThat(byMember.status()).isEqualTo(403);

        Response deleted = parley.delete(alice, "/api/conversation/" + group);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.id()).isEqualTo(group);
        assertThat(deleted.body().path("isDeleted").asBoolean()).isTrue();
        assertThat(Instant.parse(deleted.body().path("deletedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(deleted.body().path("deletedAt").asText()).as("millisecond precision, as stored").matches(".*:\\d{2}(\\.\\d{3})?Z");

        assertThat(parley.get(bob, "/api/conversation/" + group).status()).isEqualTo(404);
        assertThat(parley.get(bob, "/api/conversation").body().path("conversations")).isEmpty();
        Response addAfter = parley.post(alice, "/api/conversation/participant/add",
                "{\"conversationId\":\"" + group + "\",\"userId\":\"" + carol + "\"}");
        assertThat(addAfter.status()).isEqualTo(410);
        assertThat(addAfter.errorCode()).isEqualTo("conversation_deleted");
    }

    @Test
    void deletedOneToOneMakesWayForAFreshOne() {
        String first = createDirect(alice, bob).id();
        assertThat(parley.delete(bob, "/api/conversation/" + first).status()).isEqualTo(200);

        Response fresh = createDirect(alice, bob);
        assertThat(fresh.status()).isEqualTo(201);
        assertThat(fresh.id()).isNotEqualTo(first);
        assertThat(parley.get(bob, "/api/conversation").body().path("conversations").findValuesAsText("id"))
                .containsExactly(fresh.id());
    }

    @Test
    void badInputIsRefusedWithTheErrorFormat() {
        String tooMany = IntStream.range(0, 1000).mapToObj(i -> "\"u" + i + "\"").reduce((a, b) -> a + "," + b).orElseThrow();
        List<String[]> cases = List.of(
                new String[] {"{\"participants\":", "malformed JSON"},
                new String[] {"{}", "missing participants"},
                new String[] {"{\"participants\":\"" + bob + "\"}", "participants not an array"},
                new String[] {"{\"participants\":[42]}", "participant not a string"},
                new String[] {"{\"participants\":[\"" + bob + "\"],\"isGroup\":\"yes\"}", "isGroup not a boolean"},
                new String[] {"{\"participants\":[\"" + bob + "\",\"" + bob + "\"],\"isGroup\":true}", "duplicate"},
                new String[] {"{\"participants\":[\"" + bob + "\",\"" + carol + "\"]}", "two others one-to-one"},
                new String[] {"{\"participants\":[\"" + alice + "\"]}", "one-to-one with oneself"},
                new String[] {"{\"participants\":[\"bad id!\"]}", "invalid user id"},
                new String[] {"{\"participants\":[" + tooMany + "],\"isGroup\":true}", "over the participant limit"},
                new String[] {"{\"participants\":[\"" + bob + "\"],\"isGroup\":true,\"groupName\":\"  \"}", "blank name"},
                new String[] {"{\"participants\":[\"" + bob + "\"],\"isGroup\":true,\"groupName\":\"" + "n".repeat(201) + "\"}", "long name"},
                new String[] {"{\"participants\":[\"" + bob + "\"],\"isGroup\":true,\"groupName\":7}", "name not a string"});
        for (String[] badCase : cases) {
            Response response = parley.post(alice, "/api/conversation", badCase[0]);
            assertThat(response.status()).as(badCase[1]).isEqualTo(400);
            assertThat(response.errorCode()).as(badCase[1]).isEqualTo("validation_failed");
            assertThat(response.body().path("error").path("message").asText()).as(badCase[1]).isNotBlank();
        }
        assertThat(parley.get(alice, "/api/conversation").body().path("conversations")).as("nothing half-written").isEmpty();
        assertThat(parley.get(bob, "/api/conversation").body().path("conversations")).isEmpty();
    }

    @Test
    void oversizedBodiesAreRefusedWhateverTheyHold() {
        String huge = "{\"participants\":[\"" + bob + "\"],\"groupName\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        for (Response response : List.of(
                parley.post(alice, "/api/conversation", huge),
                parley.postChunked(alice, "/api/conversation", huge))) {
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.errorCode()).isEqualTo("payload_too_large");
        }
        assertThat(parley.get(alice, "/api/conversation").body().path("conversations")).isEmpty();
    }

    @Test
    void unknownForeignAndMalformedIdsAreNotFound() {
        String group = createGroup(alice, "private", bob).id();
        assertThat(parley.get(alice, "/api/conversation/" + "0".repeat(24)).status()).isEqualTo(404);
        assertThat(parley.get(alice, "/api/conversation/not-an-id").status()).isEqualTo(404);
        assertThat(parley.delete(carol, "/api/conversation/" + group).status()).isEqualTo(404);
        assertThat(parley.delete(alice, "/api/conversation/" + "f".repeat(24)).status()).isEqualTo(404);
        Response unknownAdd = parley.post(alice, "/api/conversation/participant/add",
                "{\"conversationId\":\"" + "a".repeat(24) + "\",\"userId\":\"" + carol + "\"}");
        assertThat(unknownAdd.status()).isEqualTo(404);
        assertThat(unknownAdd.errorCode()).isEqualTo("not_found");
        Response malformedAdd = parley.post(alice, "/api/conversation/participant/add",
                "{\"conversationId\":\"xyz\",\"userId\":\"" + carol + "\"}");
        assertThat(malformedAdd.status()).isEqualTo(400);
        assertThat(parley.get(alice, "/api/conversation?limit=0").status()).isEqualTo(400);
        assertThat(parley.get(alice, "/api/conversation?limit=101").status()).isEqualTo(400);
        assertThat(parley.get(alice, "/api/conversation?before=yesterday").status()).isEqualTo(400);
    }

    @Test
    void tokensAreRequiredValidAndUnexpired() {
        List<String> badTokens = List.of(
                "not-a-jwt",
                TestParley.token(alice, Instant.now().minusSeconds(600), TestParley.SECRET),
                TestParley.token(alice, Instant.now().plusSeconds(600), "another-secret-that-is-at-least-32-bytes"));
        for (String token : badTokens) {
            Response response = parley.sendWithToken(token, "GET", "/api/conversation", null);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.errorCode()).isEqualTo("unauthorized");
        }
        Response none = parley.sendWithToken(null, "POST", "/api/conversation", "{\"participants\":[\"x\"]}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().path("error").path("message").asText()).contains("bearer");
        assertThat(parley.sendWithToken(badTokens.get(1), "GET", "/api/conversation", null)
                .body().path("error").path("message").asText()).contains("expired");
    }
}
