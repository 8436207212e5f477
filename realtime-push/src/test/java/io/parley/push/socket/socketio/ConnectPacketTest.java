package io.parley.push.socket.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the gate reads out of a CONNECT packet, and what it answers, in the Socket.IO v5 wire form. */
class ConnectPacketTest {

    @Test
    void readsTheTokenOfTheMainNamespace() {
        assertThat(ConnectPacket.parse("0{\"token\":\"abc\"}")).contains(new ConnectPacket("/", "abc"));
    }

    @Test
    void readsANamedNamespace() {
        assertThat(ConnectPacket.parse("0/admin,{\"token\":\"abc\"}")).contains(new ConnectPacket("/admin", "abc"));
        assertThat(ConnectPacket.parse("0/admin")).contains(new ConnectPacket("/admin", null));
    }

    @Test
    void hasNoTokenWithoutAuthOrWithAnythingButAString() {
        assertThat(ConnectPacket.parse("0")).contains(new ConnectPacket("/", null));
        assertThat(ConnectPacket.parse("0{}")).contains(new ConnectPacket("/", null));
        assertThat(ConnectPacket.parse("0{\"token\":42}")).contains(new ConnectPacket("/", null));
        assertThat(ConnectPacket.parse("0{not json")).contains(new ConnectPacket("/", null));
        assertThat(ConnectPacket.parse("0[\"token\"]")).contains(new ConnectPacket("/", null));
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
        assertThat(new ConnectPacket("/", null).refusal("missing token")).isEqualTo("4{\"message\":\"missing token\"}");
        assertThat(new ConnectPacket("/admin", null).refusal("token expired"))
                .isEqualTo("4/admin,{\"message\":\"token expired\"}");
    }
}
