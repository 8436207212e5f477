package io.parley.push.socket.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the gate reads out of a CONNECT packet, and what it answers, in the Socket.IO v5 wire form. */
class ConnectPacketTest {

    @Test
    void readsTheTokenOfTheMainNamespace() {
        assertThat(ConnectPacket.parse("0{\"token\":\"abc\"}")).contains(new ConnectPacket("/", "abc", null));
    }

    @Test
    void readsANamedNamespace() {
        assertThat(ConnectPacket.parse("0/admin,{\"token\":\"abc\"}"))
                .contains(new ConnectPacket("/admin", "abc", null));
        assertThat(ConnectPacket.parse("0/admin")).contains(new ConnectPacket("/admin", null, null));
    }

    @Test
    void hasNoTokenWithoutAuthOrWithAnythingButAString() {
        assertThat(ConnectPacket.parse("0")).contains(new ConnectPacket("/", null, null));
        assertThat(ConnectPacket.parse("0{}")).contains(new ConnectPacket("/", null, null));
        assertThat(ConnectPacket.parse("0{\"token\":42}")).contains(new ConnectPacket("/", null, null));
        assertThat(ConnectPacket.parse("0{not json")).contains(new ConnectPacket("/", null, null));
        assertThat(ConnectPacket.parse("0[\"token\"]")).contains(new ConnectPacket("/", null, null));
    }

    @Test
    void readsTheCursorToCatchUpFrom() {
        assertThat(ConnectPacket.parse("0{\"token\":\"abc\",\"since\":\"0000000000000042\"}"))
                .contains(new ConnectPacket("/", "abc", "0000000000000042"));
        assertThat(ConnectPacket.parse("0{\"token\":\"abc\",\"since\":null}"))
                .contains(new ConnectPacket("/", "abc", null));
        assertThat(ConnectPacket.parse("0{\"token\":\"abc\",\"since\":42}"))
                .as("kept as its text").contains(new ConnectPacket("/", "abc", "42"));
    }

    @Test
    void isNotAnyOtherPacket() {
        assertThat(ConnectPacket.parse("")).isEmpty();
        assertThat(ConnectPacket.parse("2[\"hello\",{}]")).isEmpty();
        assertThat(ConnectPacket.parse("21[\"0\"]")).isEmpty();
        assertThat(ConnectPacket.parse("1")).isEmpty();
    }

    @Test
    void refusesWithConnectErrorInTheSameNamespace() {
        assertThat(new ConnectPacket("/", null, null).refusal("missing token"))
                .isEqualTo("4{\"message\":\"missing token\"}");
        assertThat(new ConnectPacket("/admin", null, null).refusal("token expired"))
                .isEqualTo("4/admin,{\"message\":\"token expired\"}");
    }
}
