package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.TestParley.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping and starting the standalone on the same data directory keeps every conversation and every rule. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void conversationsSurviveARestart() {
        String direct;
        String group;
        JsonNode groupBefore;
        try (TestParley parley = TestParley.start(dataDir)) {
            direct = parley.post("alice", "/api/conversation", "{\"participants\":[\"bob\"]}").id();
            group = parley.post("alice", "/api/conversation",
                    "{\"participants\":[\"bob\",\"carol\"],\"isGroup\":true,\"groupName\":\"kept\"}").id();
            groupBefore = parley.get("carol", "/api/conversation/" + group).body();
        }

        try (TestParley parley = TestParley.start(dataDir)) {
            assertThat(parley.get("carol", "/api/conversation/" + group).body()).isEqualTo(groupBefore);
            assertThat(parley.get("bob", "/api/conversation").body().path("conversations").findValuesAsText("id"))
                    .containsExactlyInAnyOrder(direct, group);

            Response repeat = parley.post("bob", "/api/conversation", "{\"participants\":[\"alice\"]}");
            assertThat(repeat.status()).as("the one-to-one registry survived too").isEqualTo(200);
            assertThat(repeat.id()).isEqualTo(direct);

            Response added = parley.post("carol", "/api/conversation/participant/add",
                    "{\"conversationId\":\"" + group + "\",\"userId\":\"dave\"}");
            assertThat(added.status()).as("the aggregate rebuilt from its stored events").isEqualTo(200);
            assertThat(added.texts("participants")).containsExactly("alice", "bob", "carol", "dave");
        }
    }
}
