package io.parley.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Generation names: what a rebuild writes, and what dropping a stray generation may touch. */
class ReadModelTest {

    @Test
    void canNameEachGenerationsCollections() {
        assertThat(ReadModel.collection(ReadModel.MESSAGES, 1)).isEqualTo("messages");
        assertThat(ReadModel.collection(ReadModel.USER_CONVERSATIONS, 12)).isEqualTo("user_conversations_g12");
    }

    @Test
    void canTellTheGenerationOfOnlyTheReadModelsCollections() {
        assertThat(ReadModel.generationOf("conversations")).contains(1);
        assertThat(ReadModel.generationOf("attachment_refs_g3")).contains(3);
        assertThat(ReadModel.generationOf("messages_g1")).as("generation 1 has no suffix").isEmpty();
        assertThat(ReadModel.generationOf("push_conversations_local")).isEmpty();
        assertThat(ReadModel.generationOf("domainevents")).isEmpty();
        assertThat(ReadModel.generationOf("fs.files")).isEmpty();
        assertThat(ReadModel.generationOf("notes_g2")).isEmpty();
    }
}
