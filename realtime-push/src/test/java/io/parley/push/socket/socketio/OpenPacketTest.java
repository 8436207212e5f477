package io.parley.push.socket.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenPacketTest {

    @Test
    void addsMaxPayloadToTheHandshake() {
        assertThat(OpenPacket.withMaxPayload("0{\"sid\": \"x\", \"pingTimeout\": 20000}", 1000))
                .isEqualTo("0{\"sid\": \"x\", \"pingTimeout\": 20000, \"maxPayload\": 1000}");
        assertThat(OpenPacket.withMaxPayload("0{\"sid\": \"x\"}\u001e40", 5))
                .isEqualTo("0{\"sid\": \"x\", \"maxPayload\": 5}\u001e40");
    }

    @Test
    void leavesEveryOtherPacketAlone() {
        assertThat(OpenPacket.withMaxPayload("2", 5)).isEqualTo("2");
        assertThat(OpenPacket.withMaxPayload("42[\"x\"]", 5)).isEqualTo("42[\"x\"]");
        assertThat(OpenPacket.withMaxPayload("0{\"maxPayload\": 1}", 5)).isEqualTo("0{\"maxPayload\": 1}");
    }
}
