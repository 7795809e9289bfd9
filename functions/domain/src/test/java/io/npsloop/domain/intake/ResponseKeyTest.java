package io.npsloop.domain.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseKeyTest {

    @Test
    void theValueReadsBackAsTheSameKeyEvenWithColonsInTheId() {
        var key = new ResponseKey("typeform", "tok:with:colons#and#hashes");

        assertThat(ResponseKey.fromValue(key.value())).contains(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-colon", ":id", "source:", " :id", "source: "})
    void anythingElseIsNotAKey(String value) {
        assertThat(ResponseKey.fromValue(value)).isEmpty();
    }

    @Test
    void nullIsNotAKey() {
        assertThat(ResponseKey.fromValue(null)).isEmpty();
    }
}
