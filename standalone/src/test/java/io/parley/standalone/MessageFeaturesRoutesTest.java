package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.TestParley.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Edits, reactions and replies of API.md's second wave, over HTTP against a running standalone. */
class MessageFeaturesRoutesTest {

    private static final String THUMBS_UP = "\uD83D\uDC4D";

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");
    private final String carol = TestParley.uniqueUser("carol");
    private final String dave = TestParley.uniqueUser("dave");

    private String group(String creator, String... others) {
        return parley.post(creator, "/api/conversation", "{\"participants\":[\"" + String.join("\",\"", others)
                + "\"],\"isGroup\":true,\"groupName\":\"g\"}").id();
    }

    private Response send(String user, String conversationId, String content) {
        return parley.post(user, "/api/message",
                "{\"conversationId\":\"" + conversationId + "\",\"content\":\"" + content + "\"}");
    }

    private Response reply(String user, String conversationId, String content, String replyTo) {
        return parley.post(user, "/api/message", "{\"conversationId\":\"" + conversationId + "\",\"content\":\""
                + content + "\",\"replyTo\":\"" + replyTo + "\"}");
    }

    private Response edit(String user, String messageId, String content) {
        return parley.send(user, "PATCH", "/api/message/" + messageId, "{\"content\":\"" + content + "\"}");
    }

    private static String reactions(String messageId, String emoji) {
        return "/api/message/" + messageId + "/reactions/"
                + URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Response react(String user, String messageId, String emoji) {
        return parley.put(user, reactions(messageId, emoji));
    }

    private Response unreact(String user, String messageId, String emoji) {
        return parley.delete(user, reactions(messageId, emoji));
    }

    private JsonNode newest(String user, String conversationId) {
        return parley.get(user, "/api/message/" + conversationId).body().path("messages").get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private void join(String conversation, String user) {
        assertThat(parley.post(alice, "/api/conversation/participant/add",
                "{\"conversationId\":\"" + conversation + "\",\"userId\":\"" + user + "\"}").status()).isEqualTo(200);
    }

    @Test
    void everyMessageCarriesTheNewFieldsFromTheStart() {
        String conversation = group(alice, bob);
        JsonNode message = send(alice, conversation, "plain").body();
        assertThat(message.path("isEdited").asBoolean(true)).isFalse();
        assertThat(message.path("editedAt").isNull()).isTrue();
        assertThat(message.path("reactions").isArray()).isTrue();
        assertThat(message.path("reactions")).isEmpty();
        assertThat(message.path("replyTo").isNull()).isTrue();
        assertThat(message.path("deliveredTo").isArray()).isTrue();
        assertThat(message.path("deliveredTo")).isEmpty();
        assertThat(newest(bob, conversation)).isEqualTo(message);
    }

    @Test
    void theSenderEditsAndEveryMemberSeesEveryVersion() {
        String conversation = group(alice, bob);
        JsonNode sent = send(alice, conversation, "frist").body();
        String id = sent.path("id").asText();

        Response edited = edit(alice, id, "  first  ");
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.body().path("content").asText()).isEqualTo("first");
        assertThat(edited.body().path("isEdited").asBoolean()).isTrue();
        assertThat(edited.body().path("editedAt").asText()).isNotEmpty();
        assertThat(edit(alice, id, "first!").status()).isEqualTo(200);
        assertThat(newest(bob, conversation).path("content").asText()).isEqualTo("first!");

        Response edits = parley.get(bob, "/api/message/" + id + "/edits");
        assertThat(edits.status()).isEqualTo(200);
        JsonNode versions = edits.body().path("edits");
        assertThat(versions).hasSize(3);
        assertThat(versions.get(0).path("content").asText()).isEqualTo("frist");
        assertThat(versions.get(0).path("editedAt").asText()).isEqualTo(sent.path("createdAt").asText());
        assertThat(versions.get(1).path("content").asText()).isEqualTo("first");
        assertThat(versions.get(1).path("editedAt").asText()).isEqualTo(edited.body().path("editedAt").asText());
        assertThat(versions.get(2).path("content").asText()).isEqualTo("first!");

        String untouched = send(alice, conversation, "as sent").id();
        assertThat(parley.get(alice, "/api/message/" + untouched + "/edits").body().path("edits").findValuesAsText(
                "content")).as("a message never edited has one version, the original").containsExactly("as sent");
    }

    @Test
    void editsAreRefusedAsTheApiSays() {
        String conversation = group(alice, bob);
        String id = send(alice, conversation, "mine").id();

        assertThat(edit(bob, id, "yours").errorCode()).isEqualTo("forbidden");
        assertThat(edit(alice, id, " \\u200B ").errorCode()).isEqualTo("validation_failed");
        assertThat(edit(alice, id, "x".repeat(10_001)).errorCode()).isEqualTo("validation_failed");
        assertThat(parley.send(alice, "PATCH", "/api/message/" + id, "[]").errorCode())
                .isEqualTo("validation_failed");
        assertThat(edit(carol, id, "stranger").status()).isEqualTo(404);
        assertThat(parley.get(carol, "/api/message/" + id + "/edits").status()).isEqualTo(404);
        assertThat(edit(alice, "0123456789abcdef01234567", "nothing").status()).isEqualTo(404);
        assertThat(parley.get(alice, "/api/message/not-an-id/edits").status()).isEqualTo(404);

        assertThat(edit(alice, id, "edited once").status()).isEqualTo(200);
        assertThat(parley.delete(alice, "/api/message/" + id).status()).isEqualTo(200);
        assertThat(edit(alice, id, "back").errorCode()).isEqualTo("validation_failed");
        Response edits = parley.get(bob, "/api/message/" + id + "/edits");
        assertThat(edits.status()).isEqualTo(200);
        assertThat(edits.body().path("edits")).as("a deleted message has no edits").isEmpty();
    }

    @Test
    void reactionsAreCountedOncePerUserInTheOrderTheyCame() {
        String conversation = group(alice, bob, carol);
        String id = send(alice, conversation, "react to me").id();

        Response first = react(bob, id, THUMBS_UP);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("messageId").asText()).isEqualTo(id);
        assertThat(first.body().path("conversationId").asText()).isEqualTo(conversation);
        assertThat(first.body().path("reactions").toString())
                .isEqualTo("[{\"emoji\":\"" + THUMBS_UP + "\",\"count\":1,\"users\":[\"" + bob + "\"]}]");
        assertThat(react(bob, id, THUMBS_UP).body()).as("a repeated add changes nothing").isEqualTo(first.body());
        assertThat(react(carol, id, ":tada:").status()).isEqualTo(200);
        Response third = react(alice, id, THUMBS_UP);
        assertThat(third.body().path("reactions").toString()).isEqualTo("[{\"emoji\":\"" + THUMBS_UP
                + "\",\"count\":2,\"users\":[\"" + bob + "\",\"" + alice + "\"]},{\"emoji\":\":tada:\",\"count\":1,"
                + "\"users\":[\"" + carol + "\"]}]");
        assertThat(newest(carol, conversation).path("reactions")).isEqualTo(third.body().path("reactions"));

        Response taken = unreact(bob, id, THUMBS_UP);
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.body().path("reactions").get(0).path("users").toString()).isEqualTo("[\"" + alice + "\"]");
        assertThat(unreact(bob, id, THUMBS_UP).body()).as("taking back again changes nothing").isEqualTo(taken.body());
        assertThat(unreact(carol, id, ":tada:").body().path("reactions")).hasSize(1);
    }

    @Test
    void reactionsAreRefusedAsTheApiSays() {
        String conversation = group(alice, bob);
        String id = send(alice, conversation, "limits").id();

        assertThat(react(bob, id, "a b").errorCode()).isEqualTo("validation_failed");
        assertThat(react(bob, id, "x".repeat(65)).errorCode()).isEqualTo("validation_failed");
        assertThat(react(bob, id, "x".repeat(64)).status()).isEqualTo(200);
        for (int i = 1; i < 20; i++) {
            assertThat(react(bob, id, ":e" + i + ":").status()).as("emoji %s", i + 1).isEqualTo(200);
        }
        assertThat(react(bob, id, ":twenty-first:").errorCode()).isEqualTo("validation_failed");
        assertThat(react(alice, id, ":e1:").status()).as("an emoji already there is no new one").isEqualTo(200);
        assertThat(react(carol, id, ":e1:").status()).isEqualTo(404);
        assertThat(react(bob, "0123456789abcdef01234567", ":e1:").status()).isEqualTo(404);

        assertThat(parley.delete(alice, "/api/message/" + id).status()).isEqualTo(200);
        assertThat(react(bob, id, ":e1:").errorCode()).isEqualTo("validation_failed");
        assertThat(unreact(bob, id, ":e1:").errorCode()).isEqualTo("validation_failed");
        assertThat(newest(bob, conversation).path("reactions")).as("a deleted message shows none").isEmpty();
    }

    @Test
    void aReplyShowsWhatItRepliesToUntilThatIsDeleted() {
        String conversation = group(alice, bob);
        String original = send(bob, conversation, "x".repeat(250)).id();

        Response answer = reply(alice, conversation, "yes", original);
        assertThat(answer.status()).isEqualTo(201);
        JsonNode replyTo = answer.body().path("replyTo");
        assertThat(replyTo.path("id").asText()).isEqualTo(original);
        assertThat(replyTo.path("sender").asText()).isEqualTo(bob);
        assertThat(replyTo.path("content").asText()).isEqualTo("x".repeat(200));
        assertThat(replyTo.path("isDeleted").asBoolean(true)).isFalse();

        assertThat(parley.delete(bob, "/api/message/" + original).status()).isEqualTo(200);
        JsonNode later = newest(bob, conversation).path("replyTo");
        assertThat(later.path("id").asText()).isEqualTo(original);
        assertThat(later.path("isDeleted").asBoolean()).isTrue();
        assertThat(later.path("content").asText()).isEmpty();
    }

    @Test
    void aReplyMustNameAMessageTheSenderMaySeeInTheSameConversation() {
        String conversation = group(alice, bob);
        String elsewhere = send(alice, group(alice, carol), "other conversation").id();
        String before = send(alice, conversation, "before dave").id();

        assertThat(reply(alice, conversation, "no", elsewhere).errorCode()).isEqualTo("validation_failed");
        assertThat(reply(alice, conversation, "no", "0123456789abcdef01234567").errorCode())
                .isEqualTo("validation_failed");
        assertThat(reply(alice, conversation, "no", "not-an-id").errorCode()).isEqualTo("validation_failed");
        assertThat(reply(carol, conversation, "no", before).status()).as("not a member").isEqualTo(404);

        join(conversation, dave);
        assertThat(reply(dave, conversation, "what was it?", before).errorCode()).isEqualTo("validation_failed");
        String after = send(alice, conversation, "after dave").id();
        assertThat(reply(dave, conversation, "this", after).status()).isEqualTo(201);
    }

    @Test
    void aMemberAddedLaterCannotTouchWhatCameBefore() {
        String conversation = group(alice, bob);
        String before = send(alice, conversation, "before dave").id();
        join(conversation, dave);

        assertThat(react(dave, before, THUMBS_UP).status()).isEqualTo(404);
        assertThat(unreact(dave, before, THUMBS_UP).status()).isEqualTo(404);
        assertThat(parley.get(dave, "/api/message/" + before + "/edits").status()).isEqualTo(404);
        assertThat(edit(dave, before, "mine").status()).isEqualTo(404);

        String after = send(alice, conversation, "after dave").id();
        assertThat(react(dave, after, THUMBS_UP).status()).isEqualTo(200);
        assertThat(parley.get(dave, "/api/message/" + after + "/edits").status()).isEqualTo(200);
    }

    @Test
    void readingCountsAsDelivered() {
        String conversation = group(alice, bob, carol);
        String first = send(alice, conversation, "one").id();
        send(alice, conversation, "two");
        assertThat(parley.put(bob, "/api/message/read/" + first).status()).isEqualTo(200);

        JsonNode page = parley.get(alice, "/api/message/" + conversation).body().path("messages");
        assertThat(texts(page.get(1).path("deliveredTo"))).containsExactly(bob);
        assertThat(texts(page.get(1).path("readBy"))).containsExactly(bob);
        assertThat(page.get(0).path("deliveredTo")).isEmpty();
    }
}
